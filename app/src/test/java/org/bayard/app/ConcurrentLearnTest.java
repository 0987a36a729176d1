package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.token.Tokenizer;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several learning processes on one store at the same moment (a cron job beside a postmaster's
 * own run), two of them on the same mailbox: each message is learned once, by whichever run
 * committed it first, and the store ends exactly as learning the mail once, in one process,
 * leaves it.
 */
class ConcurrentLearnTest {
    private static final Pattern SUMMARY = Pattern.compile("(?:learn spam|train): (\\d+) messages? \\((?:(\\d+) learned)?(?:, )?(?:(\\d+) already learned)?\\).*");

    @TempDir Path dir;

    @Test
    void learnRunsAtOnceCountEachMessageOnceAndAgreeWithOneRun() throws Exception {
        Path db = dir.resolve("db");
        // The two runs of the same mail take it in opposite orders and commit in small batches, so
        // that they meet in the middle, each finding some of its messages learned by the other.
        Path split = dir.resolve("ham");
        assertThat(new Cli(db).run("mbox", "split", "../samples/ham.mbox", "-o", split.toString()).exitCode()).isZero();
        List<String> forward;
        try (var files = Files.list(split)) {
            forward = files.map(Path::toString).sorted().toList();
        }
        assertThat(forward).hasSize(300);
        List<String> backward = new ArrayList<>(forward);
        java.util.Collections.reverse(backward);
        List<List<String>> runs = List.of(trainHam(forward), trainHam(backward), List.of("learn", "--spam", "../samples/spam.mbox"));
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < runs.size(); i++) {
                Path out = dir.resolve("out-" + i);
                outputs.add(out);
                List<String> args = new ArrayList<>(runs.get(i));
                args.addAll(List.of("--db", db.toString()));
                processes.add(ChildJvm.bayard(List.of(), args.toArray(String[]::new))
                        .redirectOutput(out.toFile()).redirectError(dir.resolve("err-" + i).toFile()).start());
            }
            for (int i = 0; i < processes.size(); i++) {
                assertThat(processes.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
                assertThat(processes.get(i).exitValue()).as(Files.readString(dir.resolve("err-" + i))).isZero();
            }
        } finally {
            for (Process p : processes) ChildJvm.kill(p);
        }
        long[] learned = new long[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            String out = Files.readString(outputs.get(i)).strip();
            // the summary is the first line; a train that ends before the spams are learned adds
            // the note that Bayes is not used yet (300 ham, 0 spam), as it should
            Matcher m = SUMMARY.matcher(out.lines().findFirst().orElse(""));
            assertThat(m.matches()).as(out).isTrue();
            learned[i] = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
            long already = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            assertThat(learned[i] + already).as(out).isEqualTo(Long.parseLong(m.group(1)));
        }
        assertThat(learned[0] + learned[1]).as("each ham learned by one of the two runs").isEqualTo(300);
        assertThat(learned[2]).isEqualTo(200);

        Path reference = dir.resolve("reference");
        Cli one = new Cli(reference);
        assertThat(one.run("learn", "--ham", "../samples/ham.mbox").exitCode()).isZero();
        assertThat(one.run("learn", "--spam", "../samples/spam.mbox").exitCode()).isZero();
        assertThat(state(db)).isEqualTo(state(reference));
    }

    private static List<String> trainHam(List<String> paths) {
        List<String> command = new ArrayList<>(List.of("train", "--batch", "7", "--ham"));
        command.addAll(paths);
        return command;
    }

    /** Totals, ledger size and every token's counts. */
    private static Map<String, Object> state(Path db) {
        Map<String, Object> state = new HashMap<>();
        Map<Long, Long> counts = new HashMap<>();
        try (TokenStore store = LmdbTokenStore.open(db, Tokenizer.VERSION); ReadView view = store.read()) {
            state.put("totals", view.totals());
            state.put("ledger", store.stats().ledgerEntries());
            view.forEachToken(counts::put);
        }
        state.put("tokens", counts);
        return state;
    }
}
