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

/** What the tests of a learning run stopped midway share: a mailbox long enough to stop, the store's ledger, a signal. */
final class InterruptedRuns {
    private InterruptedRuns() {}

    /** An mbox of {@code messages} distinct small messages. */
    static Path writeMbox(Path file, int messages) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < messages; i++) {
                w.write("From sender@example.com Thu Jan  1 00:00:00 2002\n");
                w.write("From: note" + i + "@example.com\nSubject: note " + i + "\nMessage-ID: <note" + i + "@x>\n\n");
                for (int j = 0; j < 40; j++) w.write("word" + ((i * 31 + j * 7) % 900) + (j % 10 == 9 ? "\n" : " "));
                w.write("\n\n");
            }
        }
        return file;
    }

    /** Waits until the store at {@code db} has learned at least {@code atLeast} messages: the run is midway. */
    static void waitForLedger(Path db, Process child, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (Files.exists(db.resolve("data.mdb")) && ledgerSize(db) >= atLeast) return;
            Thread.sleep(20);
        }
        throw new AssertionError("the run made no progress; alive=" + child.isAlive());
    }

    static long ledgerSize(Path db) {
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION)) {
            return store.stats().ledgerEntries();
        }
    }

    /** Starts {@code bayard args} in a child JVM, its standard output to {@code out} and its standard error dropped. */
    static Process start(Path out, String... args) throws IOException {
        return ChildJvm.bayard(List.of(), args).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * Once the store at {@code db} has learned at least {@code atLeast} messages and {@code thenMillis}
     * more have passed, sends {@code signal} to {@code child} and waits for it to end; kills it if not.
     */
    static void stopMidway(Process child, Path db, long atLeast, long thenMillis, String signal) throws IOException, InterruptedException {
        try {
            waitForLedger(db, child, atLeast);
            Thread.sleep(thenMillis);
            stop(child, signal);
        } finally {
            ChildJvm.kill(child);
        }
    }

    /** The number of messages that the line {@code summary} matches in {@code out} says were stored; that there is one. */
    static long storedAsSaid(Path out, Pattern summary) throws IOException {
        String printed = Files.readString(out, StandardCharsets.UTF_8);
        Matcher m = summary.matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Sends {@code signal} (INT for Ctrl-C, TERM as a service manager stops) and waits for the process to end. */
    static void stop(Process child, String signal) throws IOException, InterruptedException {
        assertThat(Commands.run("kill", "-" + signal, Long.toString(child.pid())).exit()).isZero();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("ended after SIG" + signal).isTrue();
    }
}
