package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Totals;
import org.bayard.core.token.Tokenizer;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real {@code bayard train} process midway: the store opens again without
 * repair, the ledger agrees with the totals, and no count is negative.
 */
class KilledTrainTest {
    @TempDir Path dir;

    @Test
    void storeSurvivesKillNineDuringTrain() throws Exception {
        Path ham = writeMbox(dir.resolve("ham.mbox"), 12_000, "ham", new Random(1));
        Path spam = writeMbox(dir.resolve("spam.mbox"), 12_000, "spam", new Random(2));
        Path db = dir.resolve("db");
        for (int cycle = 0; cycle < 3; cycle++) {
            Process child = startTrain(db, ham, spam);
            long learned = waitForLedgerGrowth(db, child);
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(learned).as("killed midway, not after the end").isLessThan(24_000);
            assertConsistent(db);
        }
    }

    private static Process startTrain(Path db, Path ham, Path spam) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-opens", "java.base/java.nio=ALL-UNNAMED",
                "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--db", db.toString(), "--batch", "20", "--ham", ham.toString(), "--spam", spam.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Waits until the child has committed more than before (or 200 messages on a fresh store). */
    private static long waitForLedgerGrowth(Path db, Process child) throws InterruptedException {
        long start = Files.exists(db) ? ledgerSize(db) : 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.exists(db.resolve("data.mdb"))) {
                long now = ledgerSize(db);
                if (now >= start + 200) return now;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("train made no progress; alive=" + child.isAlive());
    }

    private static long ledgerSize(Path db) {
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION)) {
            return store.stats().ledgerEntries();
        }
    }

    static void assertConsistent(Path db) {
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView view = store.read()) {
            AtomicLong ham = new AtomicLong(), spam = new AtomicLong(), negative = new AtomicLong();
            view.forEachLedgerEntry(e -> (e.mailClass() == MailClass.HAM ? ham : spam).incrementAndGet());
            view.forEachToken((token, counts) -> {
                if (Counts.ham(counts) < 0 || Counts.spam(counts) < 0) negative.incrementAndGet();
            });
            assertThat(view.totals()).isEqualTo(new Totals(ham.get(), spam.get()));
            assertThat(negative.get()).isZero();
        }
    }

    static Path writeMbox(Path file, int messages, String kind, Random random) throws IOException {
        String[] words = kind.equals("ham")
                ? new String[] {"meeting", "agenda", "patch", "release", "kernel", "review", "minutes", "thanks", "list", "build"}
                : new String[] {"free", "winner", "prize", "money", "click", "offer", "viagra", "cash", "urgent", "deal"};
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < messages; i++) {
                w.write("From sender@example.com Thu Jan  1 00:00:00 2002\n");
                w.write("From: " + kind + i + "@example.com\nSubject: " + kind + " number " + i + "\nMessage-ID: <" + kind + i + "@x>\n\n");
                for (int j = 0; j < 60; j++) w.write(words[random.nextInt(words.length)] + random.nextInt(500) + (j % 12 == 11 ? "\n" : " "));
                w.write("\n\n");
            }
        }
        return file;
    }
}
