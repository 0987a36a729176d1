package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * repair, the ledger agrees with the totals, no count is negative, and the token counts are
 * exactly those of the messages the ledger holds: the committed batches, whole, and nothing of
 * the batch the kill cut off.
 */
class KilledTrainTest {
    @TempDir Path dir;

    /** Each generated message's text, by its Message-ID. */
    private final Map<String, String> messages = new HashMap<>();

    @Test
    void storeSurvivesKillNineDuringTrain() throws Exception {
        Path ham = writeMbox(dir.resolve("ham.mbox"), 12_000, "ham", new Random(1));
        Path spam = writeMbox(dir.resolve("spam.mbox"), 12_000, "spam", new Random(2));
        Path db = dir.resolve("db");
        for (int cycle = 0; cycle < 3; cycle++) {
            Process child = startTrain(db, ham, spam);
            long learned;
            try {
                learned = waitForLedgerGrowth(db, child);
                child.destroyForcibly(); // SIGKILL on Linux
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                ChildJvm.kill(child); // should the wait for progress fail first
            }
            assertThat(learned).as("killed midway, not after the end").isLessThan(24_000);
            assertConsistent(db);
            assertThat(tokenCounts(db)).as("cycle %d: the counts of the ledger's messages, learned afresh", cycle)
                    .isEqualTo(tokenCounts(relearnLedger(db, dir.resolve("reference-" + cycle))));
        }
    }

    /** A new store at {@code reference} that learned exactly the messages in the ledger of {@code db}. */
    private Path relearnLedger(Path db, Path reference) throws IOException {
        StringBuilder ham = new StringBuilder(), spam = new StringBuilder();
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView view = store.read()) {
            view.forEachLedgerEntry(e -> (e.mailClass() == MailClass.HAM ? ham : spam)
                    .append(Objects.requireNonNull(messages.get(e.messageId()), e.messageId())));
        }
        Path hamFile = Files.writeString(reference.resolveSibling(reference.getFileName() + "-ham.mbox"), ham);
        Path spamFile = Files.writeString(reference.resolveSibling(reference.getFileName() + "-spam.mbox"), spam);
        Cli.Result r = new Cli(reference).run("train", "--ham", hamFile.toString(), "--spam", spamFile.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return reference;
    }

    private static Map<Long, Long> tokenCounts(Path db) {
        Map<Long, Long> counts = new HashMap<>();
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView view = store.read()) {
            view.forEachToken(counts::put);
        }
        return counts;
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

    private Path writeMbox(Path file, int count, String kind, Random random) throws IOException {
        return writeMbox(file, count, kind, random, messages);
    }

    /** An mbox of {@code count} generated messages of one kind; each is also put in {@code written} by its Message-ID. */
    static Path writeMbox(Path file, int count, String kind, Random random, Map<String, String> written) throws IOException {
        String[] words = kind.equals("ham")
                ? new String[] {"meeting", "agenda", "patch", "release", "kernel", "review", "minutes", "thanks", "list", "build"}
                : new String[] {"free", "winner", "prize", "money", "click", "offer", "viagra", "cash", "urgent", "deal"};
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < count; i++) {
                StringBuilder m = new StringBuilder();
                m.append("From sender@example.com Thu Jan  1 00:00:00 2002\n");
                m.append("From: " + kind + i + "@example.com\nSubject: " + kind + " number " + i + "\nMessage-ID: <" + kind + i + "@x>\n\n");
                for (int j = 0; j < 60; j++) m.append(words[random.nextInt(words.length)] + random.nextInt(500) + (j % 12 == 11 ? "\n" : " "));
                m.append("\n\n");
                w.write(m.toString());
                written.put("<" + kind + i + "@x>", m.toString());
            }
        }
        return file;
    }
}
