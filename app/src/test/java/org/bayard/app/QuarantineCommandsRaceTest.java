package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.core.quarantine.Spool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quarantine commands run from cron and by hand at once on one quarantine (two overlapping
 * {@code expire} runs, a {@code list} and an {@code export} meanwhile), each its own process, as the
 * page's decisions also remove items under them. An item another process decided between a
 * command's listing and its reading was reported as damaged ({@code no readable 'received' time
 * in its sidecar; kept}, {@code warning: ...json: no such file}), listed with {@code ?} for its
 * time, and made an export of the whole queue fail (exit 1, nothing written). Such an item is
 * simply no longer held: it is left out.
 */
class QuarantineCommandsRaceTest {
    static final int ITEMS = 3000;
    @TempDir Path dir;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void commandsOnOneQuarantineAtOnceLeaveOutWhatAnotherDecidedMeanwhile() throws Exception {
        Path q = dir.resolve("q");
        Spool spool = Spool.open(q);
        for (int i = 1; i <= ITEMS; i++) {
            byte[] sidecar = ("{\"received\":\"2020-01-01T00:00:00Z\",\"from\":\"a@example.org\",\"rcpt\":[\"u@example.test\"],"
                    + "\"score\":6.0,\"reason\":\"unsure\"}").getBytes(StandardCharsets.UTF_8);
            // as the gate leaves an item, without its fsyncs, which would make this test slow
            Files.write(q.resolve("T." + i + ".json"), sidecar);
            Files.writeString(q.resolve("T." + i + ".eml"), "Subject: item " + i + "\n\nheld\n", StandardCharsets.US_ASCII);
        }
        Path mbox = dir.resolve("held.mbox");
        List<List<String>> runs = List.of(List.of("expire", "--days", "1"), List.of("expire", "--days", "1"), List.of("list"),
                List.of("export", "--mbox", mbox.toString()));
        for (int i = 0; i < runs.size(); i++) {
            List<String> args = new ArrayList<>(List.of("quarantine"));
            args.addAll(runs.get(i));
            args.addAll(List.of("--db", dir.resolve("db").toString(), "--quarantine", q.toString()));
            processes.add(ChildJvm.bayard(List.of(), args.toArray(String[]::new))
                    .redirectOutput(dir.resolve("out-" + i).toFile()).redirectError(dir.resolve("err-" + i).toFile()).start());
        }
        for (int i = 0; i < runs.size(); i++) {
            assertThat(processes.get(i).waitFor(120, TimeUnit.SECONDS)).isTrue();
        }
        String[] out = new String[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            out[i] = Files.readString(dir.resolve("out-" + i));
            String err = Files.readString(dir.resolve("err-" + i));
            assertThat(processes.get(i).exitValue()).as(runs.get(i) + ": " + err).isZero();
            assertThat(err).as(runs.get(i).toString()).doesNotContain("no readable").doesNotContain("warning")
                    .doesNotContain("no such held message");
        }
        assertThat(discarded(out[0]) + discarded(out[1])).as(out[0] + out[1]).isEqualTo(ITEMS);
        assertThat(discarded(out[0])).as("the two runs overlapped").isLessThan(ITEMS);
        assertThat(out[2]).doesNotContain("?");
        long exported = Files.exists(mbox) ? Files.readAllLines(mbox, StandardCharsets.US_ASCII).stream().filter(l -> l.startsWith("From ")).count() : 0;
        assertThat(out[3]).startsWith("export: " + exported + " message");
        assertThat(spool.ids()).isEmpty();
    }

    private static long discarded(String expireOutput) {
        Matcher m = Pattern.compile("expire: (\\d+) held").matcher(expireOutput);
        assertThat(m.find()).as(expireOutput).isTrue();
        return Long.parseLong(m.group(1));
    }
}
