package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bayard serve} in a child JVM of its own heap, for the tests that need one (a small heap
 * run out, several gates on one quarantine, signals): how it is started, and the ports its start
 * lines name. For a serve under strace or killed mid-write, see {@link ServeProcess}.
 */
final class ServeChild {
    private static final Pattern SMTP = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HTTP = Pattern.compile("moderation page on http://127\\.0\\.0\\.1:(\\d+)/");

    private ServeChild() {}

    /** The ports serve listens on: SMTP, and the moderation page's, -1 when it has none. */
    record Ports(int smtp, int http) {}

    /**
     * serve with {@code jvmOptions} (the heap, say) on a free loopback port, relaying to
     * {@code nextHopPort}, holding into {@code quarantine}, then {@code extra} arguments (such as
     * {@code -c FILE}); standard output and error go to {@code log}.
     */
    static ProcessBuilder command(List<String> jvmOptions, Path db, Path quarantine, int nextHopPort, Path log, String... extra) {
        List<String> args = new ArrayList<>(List.of("serve", "--db", db.toString(), "--listen", "127.0.0.1:0",
                "--next-hop", "127.0.0.1:" + nextHopPort, "--quarantine", quarantine.toString()));
        args.addAll(List.of(extra));
        return ChildJvm.bayard(jvmOptions, args.toArray(String[]::new)).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /** Waits for serve's start line in {@code log}, then reads the ports it names. */
    static Ports ports(Path log) throws Exception {
        ServeReloadTest.waitForLog(log, "listening on", 1);
        String said = Files.readString(log);
        Matcher smtp = SMTP.matcher(said);
        assertThat(smtp.find()).as(said).isTrue();
        Matcher http = HTTP.matcher(said);
        return new Ports(Integer.parseInt(smtp.group(1)), http.find() ? Integer.parseInt(http.group(1)) : -1);
    }
}
