package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arrangement as one process sees it: its system properties stand in as {@code Properties}. */
class SharedLmdbLibraryTest {
    @TempDir
    Path tmp;

    private final ClassLoader loader = getClass().getClassLoader();

    @Test
    void pointsLmdbjavaAtASharedCopyOfTheBundledLibrary() throws IOException {
        Properties props = processProperties();

        Path copy = SharedLmdbLibrary.arrange(props, loader).orElseThrow();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isEqualTo(copy.toString());
        assertThat(copy.getParent()).isEqualTo(tmp.resolve(SharedLmdbLibrary.DIRECTORY_PREFIX + System.getProperty("user.name")));
        assertThat(copy).hasBinaryContent(bundledLibrary());
        assertThat(filesIn(tmp)).as("nothing else in tmp").containsExactly(copy.getParent().getFileName().toString());
    }

    @Test
    void theNextProcessReusesTheCopyWithoutRewritingIt() throws IOException {
        Path first = SharedLmdbLibrary.arrange(processProperties(), loader).orElseThrow();
        FileTime longAgo = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(first, longAgo);
        Object inode = Files.readAttributes(first, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();

        Properties next = processProperties();
        Path second = SharedLmdbLibrary.arrange(next, loader).orElseThrow();

        assertThat(second).isEqualTo(first).hasBinaryContent(bundledLibrary());
        assertThat(next.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isEqualTo(first.toString());
        assertThat(Files.readAttributes(second, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey()).isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(second)).isEqualTo(longAgo);
        assertThat(filesIn(first.getParent())).hasSize(1);
    }

    @Test
    void aLibraryTheUserChoseIsLeftAlone() throws IOException {
        Properties props = processProperties();
        props.setProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY, "/opt/lmdb/liblmdb.so");

        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isEqualTo("/opt/lmdb/liblmdb.so");
        assertThat(filesIn(tmp)).as("nothing written").isEmpty();
    }

    @Test
    void goesWhereTheUserToldLmdbjavaToExtract() throws IOException {
        Path extractDir = Files.createDirectory(tmp.resolve("exec-allowed"));
        Properties props = processProperties();
        props.setProperty(SharedLmdbLibrary.EXTRACT_DIR_PROPERTY, extractDir.toString());

        Path copy = SharedLmdbLibrary.arrange(props, loader).orElseThrow();

        assertThat(copy.getParent().getParent()).isEqualTo(extractDir);
    }

    @Test
    void aSymbolicLinkPlantedUnderOurNameIsNotFollowedAndLmdbjavaExtractsAsBefore() throws IOException {
        Path planted = Files.createDirectory(tmp.resolve("someone-elses"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createSymbolicLink(SharedLmdbLibrary.directory(processProperties()), planted);
        assertFallsBackWithoutWritingIn(planted);
    }

    @Test
    void aDirectoryOfAnotherUserUnderOurNameIsNotUsed() throws IOException {
        Path planted = Files.createDirectory(SharedLmdbLibrary.directory(processProperties()));
        try {
            Files.setOwner(planted, PrivateDirectoryTest.anotherUser());
        } catch (IOException e) {
            Assumptions.abort("only root can give a directory away: " + e);
        }
        assertFallsBackWithoutWritingIn(planted);
    }

    /** lmdbjava is left to extract as it always did, and nothing was written into {@code planted}. */
    private void assertFallsBackWithoutWritingIn(Path planted) throws IOException {
        Properties props = processProperties();

        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();
        assertThat(filesIn(planted)).isEmpty();
    }

    @Test
    void anUnusableTmpFallsBackQuietly() throws IOException {
        Properties props = processProperties();
        props.setProperty("java.io.tmpdir", Files.writeString(tmp.resolve("a-file"), "x").toString());
        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();
        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();

        props.setProperty("java.io.tmpdir", tmp.resolve("missing").toString());
        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();
        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();
    }

    @Test
    void aReadOnlyTmpFallsBackQuietly() throws IOException {
        Path readOnly = Files.createDirectory(tmp.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        // Root writes through permissions (and CI runs as root): then sysfs stands in, where
        // nobody, root included, may create a directory.
        Path tmpdir = Files.isWritable(readOnly) ? Path.of("/sys") : readOnly;
        Properties props = processProperties();
        props.setProperty("java.io.tmpdir", tmpdir.toString());

        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();
        assertThat(SharedLmdbLibrary.directory(props)).doesNotExist();
    }

    @Test
    void noBundledLibraryForThePlatformLeavesLmdbjavaToSaySo() throws IOException {
        Properties props = processProperties();
        props.setProperty("os.arch", "riscv64");
        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        props = processProperties();
        props.setProperty(LmdbLibraryResource.EMBEDDED_LIB_PROPERTY, "org/lmdbjava/native/no-such.so");
        assertThat(SharedLmdbLibrary.arrange(props, loader)).isEmpty();

        assertThat(props.getProperty(SharedLmdbLibrary.NATIVE_LIB_PROPERTY)).isNull();
        assertThat(filesIn(tmp)).isEmpty();
    }

    /** This JVM's properties with tmp as java.io.tmpdir and no lmdbjava settings. */
    private Properties processProperties() {
        Properties props = new Properties();
        for (String name : new String[] {"os.arch", "os.name", "user.name"}) {
            props.setProperty(name, System.getProperty(name));
        }
        props.setProperty("java.io.tmpdir", tmp.toString());
        return props;
    }

    private byte[] bundledLibrary() throws IOException {
        String resource = LmdbLibraryResource.name(System.getProperties()).orElseThrow();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    private static java.util.List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
