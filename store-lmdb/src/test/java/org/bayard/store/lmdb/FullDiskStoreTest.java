package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.bayard.core.store.Counts;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that stays open while its disk fills, as {@code bayard serve}'s does while it learns
 * from moderators and traps: on a small tmpfs mounted for the test (root, as the suite runs in
 * CI; elsewhere skipped, as the permission tests are where root reads everything). The writes
 * the full disk refused leave nothing behind in the store or in this process's heap mirror and
 * held counts, and once there is room the same open store writes again.
 */
class FullDiskStoreTest {
    private static final int VERSION = 4;

    @TempDir Path tmp;
    Path disk;
    boolean mounted;

    @BeforeEach
    void mount() throws Exception {
        assumeThat(System.getProperty("user.name")).as("mounting a tmpfs needs root").isEqualTo("root");
        disk = Files.createDirectories(tmp.resolve("disk"));
        sh("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", disk.toString());
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) sh("umount", disk.toString());
    }

    private static void sh(String... command) throws IOException, InterruptedException {
        Commands.succeeds(command);
    }

    @Test
    void writesTheFullDiskRefusedLeaveNothingAndTheOpenStoreWritesOnceThereIsRoom() throws Exception {
        Map<Long, Long> model = new HashMap<>();
        long[] messages = {0};
        SplittableRandom random = new SplittableRandom(7);
        try (LmdbTokenStore store = LmdbTokenStore.open(disk.resolve("store"), VERSION)) {
            int refused = 0;
            for (int batch = 0; refused < 3 && batch < 1000; batch++) {
                long[] tokens = random.longs(3_000, 0, 200_000).distinct().toArray();
                try {
                    store.write(w -> {
                        w.addCounts(tokens, tokens.length, 1, 0);
                        w.addTotals(1, 0);
                        return null;
                    });
                    for (long t : tokens) model.merge(t, Counts.pack(1, 0), (a, b) -> Counts.pack(Counts.ham(a) + 1, 0));
                    messages[0]++;
                } catch (UncheckedIOException e) {
                    assertThat(e.getMessage()).contains("the disk is full").contains("rolled back");
                    refused++;
                }
                // A read view between writes builds the heap mirror, which the writer then keeps.
                assertAgrees(store, model, messages[0]);
            }
            assertThat(refused).as("the disk filled").isEqualTo(3);

            sh("mount", "-o", "remount,size=16m", disk.toString());
            for (int batch = 0; batch < 5; batch++) {
                long[] tokens = random.longs(3_000, 0, 200_000).distinct().toArray();
                store.write(w -> {
                    w.addCounts(tokens, tokens.length, 1, 0);
                    w.addTotals(1, 0);
                    return null;
                });
                for (long t : tokens) model.merge(t, Counts.pack(1, 0), (a, b) -> Counts.pack(Counts.ham(a) + 1, 0));
                messages[0]++;
            }
            assertAgrees(store, model, messages[0]);
        }
        try (LmdbTokenStore reopened = LmdbTokenStore.open(disk.resolve("store"), VERSION)) {
            assertAgrees(reopened, model, messages[0]);
        }
    }

    /** A store on a file system mounted read-only (say, by systemd's ProtectSystem=strict without ReadWritePaths). */
    @Test
    void aStoreOnAReadOnlyFileSystemIsRefusedSayingSo() throws Exception {
        LmdbTokenStore.open(disk.resolve("store"), VERSION).close();
        sh("mount", "-o", "remount,ro", disk.toString());
        assertThatThrownBy(() -> LmdbTokenStore.open(disk.resolve("store"), VERSION))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot use " + disk.resolve("store") + " as an LMDB store directory: the directory is not"
                        + " writable (it is on a read-only file system) (LMDB creates its lock file there)");
    }

    /**
     * systemd's ProtectSystem=strict (and ReadOnlyPaths=) makes a directory read-only with a bind
     * mount of it onto itself, on the same device: Java's file store lookup finds the writable
     * mount above it, and the refusal said "the directory is not writable (it belongs to root,
     * rwxr-xr-x)", which sent the reader to chmod a directory whose mode was already right.
     */
    @Test
    void aStoreOnAReadOnlyBindMountIsRefusedSayingSo() throws Exception {
        Path store = disk.resolve("store");
        LmdbTokenStore.open(store, VERSION).close();
        sh("mount", "--bind", store.toString(), store.toString());
        try {
            sh("mount", "-o", "remount,bind,ro", store.toString());
            assertThatThrownBy(() -> LmdbTokenStore.open(store, VERSION))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessage("cannot use " + store + " as an LMDB store directory: the directory is not"
                            + " writable (it is on a read-only file system) (LMDB creates its lock file there)");
        } finally {
            sh("umount", store.toString());
        }
    }

    private static void assertAgrees(LmdbTokenStore store, Map<Long, Long> model, long messages) {
        try (ReadView view = store.read()) {
            assertThat(view.totals()).isEqualTo(new Totals(messages, 0));
            Map<Long, Long> stored = new HashMap<>();
            view.forEachToken(stored::put);
            assertThat(stored).isEqualTo(model);
            long[] tokens = model.keySet().stream().mapToLong(Long::longValue).toArray();
            long[] counts = new long[tokens.length];
            view.lookup(tokens, tokens.length, counts);
            for (int i = 0; i < tokens.length; i++) {
                assertThat(counts[i]).as("lookup of token %d", tokens[i]).isEqualTo(model.get(tokens[i]));
            }
        }
    }
}
