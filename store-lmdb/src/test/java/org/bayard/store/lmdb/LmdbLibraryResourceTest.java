package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class LmdbLibraryResourceTest {
    @Test
    void namesTheResourcesLmdbjavaBundlesTheWayItNamesThem() {
        assertThat(LmdbLibraryResource.name("amd64", "Linux")).contains("org/lmdbjava/native/x86_64-linux-gnu.so");
        assertThat(LmdbLibraryResource.name("x86_64", "Linux")).contains("org/lmdbjava/native/x86_64-linux-gnu.so");
        assertThat(LmdbLibraryResource.name("aarch64", "Linux")).contains("org/lmdbjava/native/aarch64-linux-gnu.so");
        assertThat(LmdbLibraryResource.name("aarch64", "Mac OS X")).contains("org/lmdbjava/native/aarch64-macos-none.so");
        assertThat(LmdbLibraryResource.name("amd64", "Windows 11")).contains("org/lmdbjava/native/x86_64-windows-gnu.dll");
    }

    @Test
    void noResourceForAPlatformLmdbjavaDoesNotBundle() {
        assertThat(LmdbLibraryResource.name("riscv64", "Linux")).isEmpty();
        assertThat(LmdbLibraryResource.name("amd64", "FreeBSD")).isEmpty();
        assertThat(LmdbLibraryResource.name(null, null)).isEmpty();
    }

    @Test
    void anEmbeddedLibraryNamedByTheUserIsTheResource() {
        Properties props = new Properties();
        props.setProperty("os.arch", "amd64");
        props.setProperty("os.name", "Linux");
        props.setProperty(LmdbLibraryResource.EMBEDDED_LIB_PROPERTY, "org/lmdbjava/native/x86_64-linux-musl.so");
        assertThat(LmdbLibraryResource.name(props)).contains("org/lmdbjava/native/x86_64-linux-musl.so");
    }

    @Test
    void thisPlatformsResourceIsOnTheClassPath() {
        String resource = LmdbLibraryResource.name(System.getProperties()).orElseThrow();
        assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
    }
}
