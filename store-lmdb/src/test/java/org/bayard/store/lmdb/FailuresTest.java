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
}
