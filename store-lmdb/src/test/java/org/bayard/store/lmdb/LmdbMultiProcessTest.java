package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bayard.core.store.Counts;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two processes on one store: the CLI learning next to the running daemon, and crashes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LmdbMultiProcessTest {
    private static final int VERSION = 4;

    @TempDir
    Path tmp;

    @Test
    void anotherProcessLearnsWhileThisOneHoldsTheStoreAndTheNextViewSeesIt() throws Exception {
        Path dir = tmp.resolve("store");
        try (LmdbTokenStore store = LmdbTokenStore.open(dir, VERSION)) {
            for (long n = 0; n < 10; n++) {
                long id = n;
                store.write(w -> Messages.learn(w, id, MailClass.SPAM));
            }
            try (ReadView warm = store.read()) {
                assertThat(Messages.lookupDisagreement(warm)).isNull();
            }
            try (ReadView before = store.read();
                 ChildJvm child = ChildJvm.start(tmp, "learn", dir.toString(), "" + VERSION, "100", "40", "10")) {
                long lastSeen = 10;
                int reads = 0;
                while (child.isAlive()) {
                    try (ReadView now = store.read()) {
                        long seen = now.totals().messages();
                        assertThat(seen).as("messages never go backwards").isGreaterThanOrEqualTo(lastSeen);
                        assertThat(Messages.inconsistency(now)).isNull();
                        assertThat(Messages.lookupDisagreement(now)).as("cached lookups").isNull();
                        lastSeen = seen;
                        reads++;
                    }
                }
                assertThat(child.waitFor(60)).as("child exit; stderr: %s", child.stderr()).isZero();
                assertThat(child.readLine(5)).isEqualTo("learned");
                assertThat(reads).isPositive();
                assertThat(before.totals()).as("a view from before the child's writes").isEqualTo(new Totals(0, 10));
            }
            try (ReadView after = store.read()) {
                assertThat(after.totals().messages()).isEqualTo(50);
                assertThat(after.ledgerEntry(Messages.digest(139))).isPresent();
                assertThat(Messages.inconsistency(after)).isNull();
                assertThat(Messages.lookupDisagreement(after)).as("cached lookups").isNull();
                assertThat(store.mirrors(after)).as("the mirror rebuilt after the child's writes").isTrue();
            }
            // This process's writer read (and cached) counts before the child changed them.
            store.write(w -> Messages.learn(w, 200, MailClass.HAM));
            assertThat(store.stats().totals().messages()).isEqualTo(51);
            try (ReadView last = store.read()) {
                assertThat(Messages.inconsistency(last)).as("counts written after the child's").isNull();
                assertThat(Messages.lookupDisagreement(last)).isNull();
                assertThat(store.mirrors(last)).as("advanced by this process's write").isTrue();
            }
        }
    }

    /**
     * {@code bayard db prune} run beside a {@code bayard serve} that holds the store: the serving
     * process's next views see the pruned counts (its heap mirror, built before, is not taken for
     * them), and its own writer then takes every message out again without a count going below
     * zero or wrapping: what is left is nothing at all.
     */
    @Test
    void anotherProcessPrunesWhileThisOneHoldsTheStoreAndThisOnesViewsAndWritesGoOnFromThePrunedCounts() throws Exception {
        Path dir = tmp.resolve("store");
        int messages = 30;
        try (LmdbTokenStore store = LmdbTokenStore.open(dir, VERSION)) {
            for (long n = 0; n < messages; n++) {
                long id = n;
                store.write(w -> Messages.learn(w, id, id % 2 == 0 ? MailClass.HAM : MailClass.SPAM));
            }
            java.util.Set<Long> once = new java.util.HashSet<>();
            try (ReadView warm = store.read()) {
                assertThat(Messages.lookupDisagreement(warm)).isNull();
                warm.forEachToken((t, c) -> { if (Counts.ham(c) + Counts.spam(c) == 1) once.add(t); });
                assertThat(store.mirrors(warm)).as("the mirror this process reads from").isTrue();
            }
            assertThat(once).isNotEmpty();

            try (ChildJvm child = ChildJvm.start(tmp, "prune", dir.toString(), "" + VERSION, "1")) {
                assertThat(child.waitFor(60)).as("child exit; stderr: %s", child.stderr()).isZero();
                assertThat(child.readLine(5)).isEqualTo("pruned " + once.size());
            }

            try (ReadView after = store.read()) {
                assertThat(Messages.lookupDisagreement(after)).as("cached lookups").isNull();
                long[] counts = new long[once.size()];
                after.lookup(once.stream().mapToLong(Long::longValue).toArray(), once.size(), counts);
                assertThat(counts).containsOnly(0L);
                after.forEachToken((t, c) -> assertThat(Counts.ham(c) + Counts.spam(c)).as("token %d", t).isGreaterThan(1));
                assertThat(after.totals().messages()).isEqualTo(messages);
            }
            for (long n = 0; n < messages; n++) {
                long id = n;
                boolean unlearned = store.write(w -> Messages.unlearn(w, id));
                assertThat(unlearned).isTrue();
            }
            assertThat(store.stats().tokens()).as("nothing left below zero, nothing wrapped").isZero();
            assertThat(store.stats().totals()).isEqualTo(Totals.EMPTY);
        }
    }

    /**
     * Two processes learning into one store at the same moment, as {@code bayard learn} beside a
     * {@code bayard serve} that learns from its moderators: LMDB's writer lock takes their
     * commits in turn, and every message of both is counted, its tokens with it.
     */
    @Test
    void twoProcessesWritingAtOnceLoseNoCounts() throws Exception {
        Path dir = tmp.resolve("store");
        try (LmdbTokenStore store = LmdbTokenStore.open(dir, VERSION)) {
            long mine = 0;
            try (ChildJvm child = ChildJvm.start(tmp, "learn", dir.toString(), "" + VERSION, "100000", "300", "-1")) {
                while (child.isAlive() || mine == 0) {
                    long id = mine++;
                    store.write(w -> Messages.learn(w, id, id % 2 == 0 ? MailClass.HAM : MailClass.SPAM));
                }
                assertThat(child.waitFor(60)).as("child exit; stderr: %s", child.stderr()).isZero();
                assertThat(child.readLine(5)).isEqualTo("learned");
            }
            try (ReadView view = store.read()) {
                assertThat(view.totals().messages()).isEqualTo(mine + 300);
                assertThat(Messages.inconsistency(view)).as("counts against the ledger").isNull();
                assertThat(Messages.lookupDisagreement(view)).as("cached lookups").isNull();
            }
        }
        try (LmdbTokenStore reopened = LmdbTokenStore.open(dir, VERSION); ReadView view = reopened.read()) {
            assertThat(Messages.inconsistency(view)).as("reopened").isNull();
        }
    }

    @Test
    void processKilledMidWriteLeavesAStoreThatOpensAndAgreesWithItsLedger() throws Exception {
        Path dir = tmp.resolve("store");
        for (int round = 1; round <= 3; round++) {
            try (LmdbTokenStore holder = LmdbTokenStore.open(dir, VERSION)) {
                try (ChildJvm child = ChildJvm.start(tmp, "churn", dir.toString(), "" + VERSION, "" + round)) {
                    assertThat(child.readLine(60)).as("child stderr: %s", child.stderr()).isEqualTo("ready");
                    Thread.sleep(100L + 150L * round);
                    assertThat(child.kill()).as("exit status of SIGKILL").isEqualTo(128 + 9);
                }
                // This process holds the store across the crash: its next write must not hang on a
                // writer lock the dead process held, and its views must stay consistent.
                long mark = 900_000_000L + round;
                holder.write(w -> Messages.learn(w, mark, MailClass.HAM));
                try (ReadView view = holder.read()) {
                    assertThat(Messages.inconsistency(view)).as("round %d, holder", round).isNull();
                }
            }
            try (LmdbTokenStore reopened = LmdbTokenStore.open(dir, VERSION); ReadView view = reopened.read()) {
                assertThat(view.totals().messages()).isPositive();
                assertThat(Messages.inconsistency(view)).as("round %d, reopened", round).isNull();
            }
        }
    }

    /**
     * A reader killed with SIGKILL (an OOM kill of a 'bayard score', say) leaves its reader slot
     * taken, pinning the snapshot it read: LMDB cannot reuse a page freed after it, so a store
     * held open meanwhile (serve) and written on grew its file with every write, until the next
     * process to open the store cleared the slot.
     */
    @Test
    void aReaderKilledMidReadDoesNotMakeTheFileOfAStoreHeldOpenGrowWithEveryWrite() throws Exception {
        Path dir = tmp.resolve("store");
        try (LmdbTokenStore store = LmdbTokenStore.open(dir, VERSION)) {
            for (long n = 0; n < 200; n++) {
                long id = n;
                store.write(w -> Messages.learn(w, id, id % 2 == 0 ? MailClass.HAM : MailClass.SPAM));
            }
            churn(store, 0, 300);
            long settled = java.nio.file.Files.size(dir.resolve("data.mdb"));
            try (ChildJvm reader = ChildJvm.start(tmp, "hold-read", dir.toString(), "" + VERSION)) {
                assertThat(reader.readLine(60)).startsWith("reading");
                reader.kill();
            }
            churn(store, 1, 1500);
            long half = java.nio.file.Files.size(dir.resolve("data.mdb"));
            churn(store, 2, 1500);
            long after = java.nio.file.Files.size(dir.resolve("data.mdb"));
            // each write behind the dead slot took about 24 KB more: 3,000 of them, 74 MB
            assertThat(half - settled).as("growth in the first 1,500 writes after the kill (from %d bytes)", settled)
                    .isLessThan(4L << 20);
            assertThat(after).as("the next 1,500 writes reuse the freed pages").isLessThanOrEqualTo(half + (half >> 3));
        }
    }

    /** Forgets and learns again message {@code round}-dependent ones, one write each. */
    private static void churn(LmdbTokenStore store, long round, int writes) {
        for (int i = 0; i < writes; i++) {
            long id = (i + round * 7) % 200;
            store.write(w -> {
                Messages.unlearn(w, id);
                Messages.learn(w, id, id % 2 == 0 ? MailClass.HAM : MailClass.SPAM);
                return null;
            });
        }
    }
}
