package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.LmdbNativeException;

class FailuresTest {
    @TempDir
    Path tmp;
    StoreDirectory dir;

    @BeforeEach
    void claim() {
        dir = StoreDirectory.claim(tmp.resolve("store"));
    }

    @AfterEach
    void release() {
        dir.release();
    }

    /** What LMDB raises for a write the disk cut short: its EIO, as lmdbjava maps it. */
    private static LmdbNativeException nativeError(int rc, String text) throws Exception {
        Constructor<LmdbNativeException.ConstantDerivedException> c =
                LmdbNativeException.ConstantDerivedException.class.getDeclaredConstructor(int.class, String.class);
        c.setAccessible(true);
        return c.newInstance(rc, text);
    }

    @Test
    void anEioOnAFullDiskSaysTheDiskIsFull() throws Exception {
        // Seen: train into a store on a full 20 MiB tmpfs said "failed: Platform constant error code: EIO
        // Input/output error (5)", which reads like a failing disk.
        RuntimeException e = Failures.of(nativeError(5, "EIO Input/output error"),
                dir, LmdbTokenStore.MAP_SIZE, 4096);
        assertThat(e.getMessage()).contains("the disk is full").contains("4096 bytes free")
                .contains("rolled back").contains("free some space").contains("EIO");
    }

    @Test
    void anEioWithRoomOnDiskStaysAnIoError() throws Exception {
        RuntimeException e = Failures.of(nativeError(5, "EIO Input/output error"),
                dir, LmdbTokenStore.MAP_SIZE, 10L << 30);
        assertThat(e.getMessage()).doesNotContain("full").contains("failed: Platform constant error code: EIO");
    }

    @Test
    void theFreeSpaceOfARealDirectoryIsRead() {
        assertThat(dir.usableBytes()).isPositive();
    }

    /**
     * Seen: {@code bayard learn} run by a user who may not write the working folder or tmp, with the
     * LMDB library already extracted, failed in jnr-ffi's stub loading, whose message carries the
     * whole stack trace of the original error; the one line quoted it, some 5,000 characters of
     * "\u000a\u0009at com.kenai.jffi..." frames, before saying what to set. The chain is jnr-ffi's.
     */
    @Test
    void aLibraryThatCannotLoadIsOneLineWithTheFirstLineOfEachCause() {
        String original = "java.io.IOException: Unable to write jffi binary stub to `/tmp`. Set `TMPDIR` or Java property"
                + " `java.io.tmpdir` to a read/write path that is not mounted \"noexec\".\n"
                + "\tat com.kenai.jffi.internal.StubLoader.tempReadonlyError(StubLoader.java:552)\n"
                + "\tat com.kenai.jffi.internal.StubLoader.loadFromJar(StubLoader.java:453)\n";
        LinkageError failure = new UnsatisfiedLinkError("could not load FFI provider jnr.ffi.provider.jffi.Provider");
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError(
                "could not get native definition for type `POINTER`, original error message follows: " + original);
        cause.initCause(new java.io.IOException("Permission denied"));
        failure.initCause(cause);

        String message = Failures.ofLibrary(failure).getMessage();

        assertThat(message).doesNotContain("\n", "\t", "StubLoader.java")
                .contains("could not load FFI provider jnr.ffi.provider.jffi.Provider: could not get native definition"
                        + " for type `POINTER`, original error message follows: java.io.IOException: Unable to write jffi"
                        + " binary stub to `/tmp`")
                .contains(": Permission denied)")
                .contains("-Djava.io.tmpdir=DIR");
    }
}
