package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bayard.core.store.Digest;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.Totals;
import org.bayard.core.token.Tokenizer;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY F7: {@code bayard learn} killed with SIGKILL at random moments, from before the
 * store exists to the middle of its batches. After each kill the store opens without repair and
 * its ledger agrees with its totals; learning the same mail again to the end reaches exactly the
 * store an uninterrupted run makes (the same totals, every token's counts, the same ledger).
 */
class KilledLearnTest {
    @TempDir Path dir;

    /** A store's logical content: what it learned and what that added up to, without times. */
    record Logical(Totals totals, Map<Long, Long> tokens, Map<Digest, MailClass> ledger) {
        static Logical of(Path db) {
            try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView view = store.read()) {
                Map<Long, Long> tokens = new HashMap<>();
                view.forEachToken(tokens::put);
                Map<Digest, MailClass> ledger = new HashMap<>();
                view.forEachLedgerEntry(e -> ledger.put(e.digest(), e.mailClass()));
                return new Logical(view.totals(), tokens, ledger);
            }
        }
    }

    /** Waits until the child has committed a batch more than the store held, or has ended. */
    private static void waitForProgress(Path db, Process child) throws InterruptedException {
        long before = Files.exists(db.resolve("data.mdb")) ? size(db) : 0;
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < end && child.isAlive(); Thread.sleep(10)) {
            if (Files.exists(db.resolve("data.mdb")) && size(db) > before) return;
        }
    }

    private static long size(Path db) {
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION)) {
            return store.stats().ledgerEntries();
        }
    }

    /**
     * Per class: enough that a kill lands before the end. On a quiet machine 3,000 were learned
     * within the first kill's delay, and every later kill found the class learned whole.
     */
    private static final int MESSAGES = 15_000;

    @Test
    void killedLearnsThenOneWholeRunReachTheStoreOfAnUninterruptedOne() throws Exception {
        Path ham = KilledTrainTest.writeMbox(dir.resolve("ham.mbox"), MESSAGES, "ham", new Random(3), new java.util.HashMap<>());
        Path spam = KilledTrainTest.writeMbox(dir.resolve("spam.mbox"), MESSAGES, "spam", new Random(4), new java.util.HashMap<>());
        Path golden = dir.resolve("golden");
        Cli whole = new Cli(golden);
        assertThat(whole.run("learn", "--ham", ham.toString()).exitCode()).isZero();
        assertThat(whole.run("learn", "--spam", spam.toString()).exitCode()).isZero();

        Path db = dir.resolve("killed");
        List<String> kills = new ArrayList<>();
        int midway = 0;
        for (int cycle = 0; cycle < 6; cycle++) {
            boolean spamTurn = cycle % 2 == 1;
            // a heap under 256 MB: batches of 500, so there are commits to fall between
            Process learn = ChildJvm.bayard(List.of("-Xmx128m"), "learn", "--db", db.toString(), spamTurn ? "--spam" : "--ham",
                    (spamTurn ? spam : ham).toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long delay;
            boolean finished;
            try {
                if (cycle == 0) {
                    delay = ThreadLocalRandom.current().nextLong(100, 900); // during start-up, no store yet or just made
                } else {
                    waitForProgress(db, learn);
                    delay = ThreadLocalRandom.current().nextLong(0, 250); // between or inside batches
                }
                finished = learn.waitFor(delay, TimeUnit.MILLISECONDS);
            } finally {
                ChildJvm.kill(learn); // SIGKILL; also should the wait for progress fail first
            }
            if (Files.exists(db.resolve("data.mdb"))) {
                KilledTrainTest.assertConsistent(db);
                Totals t = Logical.of(db).totals();
                kills.add(delay + " ms" + (finished ? " (finished first)" : "") + ": " + t);
                if (!finished && t.ham() + t.spam() > 0 && (spamTurn ? t.spam() : t.ham()) < MESSAGES) midway++;
            } else {
                kills.add(delay + " ms: no store yet");
            }
        }
        System.out.println("F7: kills at " + kills);
        assertThat(midway).as("killed in the middle of learning at least once: %s", kills).isPositive();
        Cli again = new Cli(db);
        assertThat(again.run("learn", "--ham", ham.toString()).exitCode()).isZero();
        assertThat(again.run("learn", "--spam", spam.toString()).exitCode()).isZero();

        Logical expected = Logical.of(golden);
        Logical got = Logical.of(db);
        assertThat(got.totals()).as("kills at %s", kills).isEqualTo(expected.totals()).isEqualTo(new Totals(MESSAGES, MESSAGES));
        assertThat(got.ledger()).as("kills at %s", kills).isEqualTo(expected.ledger());
        assertThat(got.tokens().size()).as("kills at %s", kills).isEqualTo(expected.tokens().size());
        assertThat(got.tokens().equals(expected.tokens())).as("every token's counts, kills at %s", kills).isTrue();
    }
}
