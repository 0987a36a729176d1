package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.core.store.TokenStore;
import org.bayard.core.token.Tokenizer;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) of a real {@code bayard train} midway: it says what the store kept. It said
 * nothing at all, so the user could not tell whether a rerun would learn everything again.
 */
class InterruptedTrainTest {
    private static final Pattern SUMMARY = Pattern.compile(
            "^train: (\\d+) messages \\(\\1 learned\\) stored before it was interrupted .*run it again for the rest", Pattern.MULTILINE);

    @TempDir Path dir;

    @Test
    void ctrlCSaysWhatWasStored() throws Exception {
        Path ham = writeMbox(dir.resolve("ham.mbox"), 12_000);
        Path db = dir.resolve("db");
        Path out = dir.resolve("out.txt");
        Process child = ChildJvm.bayard(List.of(), "train", "--db", db.toString(), "--batch", "20", "--ham", ham.toString())
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitForLedger(db, child, 200);
            assertThat(new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor()).isZero();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            ChildJvm.kill(child);
        }
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Matcher m = SUMMARY.matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        long said = Long.parseLong(m.group(1));
        long stored = ledgerSize(db);
        assertThat(stored).as("interrupted midway").isLessThan(12_000);
        assertThat(said).isBetween(200L, stored);
        assertThat(stored - said).as("at most the batches committing as it stopped").isLessThanOrEqualTo(60);

        Cli.Result again = new Cli(db).run("train", "--ham", ham.toString());
        assertThat(again.out()).contains("train: 12000 messages (" + (12_000 - stored) + " learned, " + stored + " already learned)");
    }

    private static void waitForLedger(Path db, Process child, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.exists(db.resolve("data.mdb")) && ledgerSize(db) >= atLeast) return;
            Thread.sleep(20);
        }
        throw new AssertionError("train made no progress; alive=" + child.isAlive());
    }

    private static long ledgerSize(Path db) {
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION)) {
            return store.stats().ledgerEntries();
        }
    }

    private static Path writeMbox(Path file, int messages) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < messages; i++) {
                w.write("From sender@example.com Thu Jan  1 00:00:00 2002\n");
                w.write("From: ham" + i + "@example.com\nSubject: note " + i + "\nMessage-ID: <ham" + i + "@x>\n\n");
                for (int j = 0; j < 40; j++) w.write("word" + ((i * 31 + j * 7) % 900) + (j % 10 == 9 ? "\n" : " "));
                w.write("\n\n");
            }
        }
        return file;
    }
}
