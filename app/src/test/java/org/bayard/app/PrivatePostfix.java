package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private Postfix instance on loopback, everything under one folder in /tmp (the recipe of
 * DEPENDENCIES.md section 4): the caller gives its own services (the smtpd listeners and any
 * content filter transport), Postfix's queue relays what it delivers to {@code finalSink}.
 */
final class PrivatePostfix implements AutoCloseable {
    private static final List<String> DAEMONS = List.of("pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup",
            "qmgr unix n - n 300 1 qmgr", "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
            "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify",
            "flush unix n - n 1000? 0 flush", "proxymap unix - - n - - proxymap", "proxywrite unix - - n - 1 proxymap",
            "smtp unix - - n - - smtp", "relay unix - - n - - smtp", "showq unix n - n - - showq", "error unix - - n - - error",
            "retry unix - - n - - error", "discard unix - - n - - discard", "local unix - n n - - local",
            "virtual unix - n n - - virtual", "lmtp unix - - n - - lmtp", "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache", "postlog unix-dgram n - n - 1 postlogd");

    final Path dir;

    private PrivatePostfix(Path dir) {
        this.dir = dir;
    }

    /** Starts Postfix with these master.cf {@code services} and waits until {@code listening} takes connections. */
    static PrivatePostfix start(String services, int finalSink, int listening) throws Exception {
        return start("", services, finalSink, listening);
    }

    /** As above, with {@code mainCf} lines added to main.cf. */
    static PrivatePostfix start(String mainCf, String services, int finalSink, int listening) throws Exception {
        PrivatePostfix postfix = configure(mainCf, services, finalSink);
        postfix.start(listening);
        return postfix;
    }

    /**
     * Writes the configuration of an instance not started yet, for a caller that must prepare
     * something first: a map its smtpd opens when it starts, say (an alias table built after the
     * start answered "Temporary lookup failure" to a session that began before it was there).
     */
    static PrivatePostfix configure(String mainCf, String services, int finalSink) throws Exception {
        // Postfix's daemons run as the postfix user, so its folder cannot sit inside a root-only temp dir
        Path pf = Files.createTempDirectory(Path.of("/tmp"), "bayard-postfix-");
        Files.setPosixFilePermissions(pf, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String d : List.of("etc", "spool", "data")) Files.createDirectories(pf.resolve(d));
        assertThat(run("chown", "postfix", pf.resolve("data").toString())).startsWith("exit 0");
        Files.writeString(pf.resolve("etc/main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + pf.resolve("spool"),
                "data_directory = " + pf.resolve("data"),
                "mail_owner = postfix",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "myhostname = postfix.test",
                "mydestination =",
                "relayhost = [127.0.0.1]:" + finalSink,
                "mynetworks = 127.0.0.0/8",
                "smtpd_relay_restrictions = permit_mynetworks, reject",
                "smtpd_forbid_bare_newline = normalize",
                "alias_maps =",
                "alias_database =",
                "maillog_file = " + pf.resolve("maillog"),
                "maillog_file_prefixes = " + pf,
                mainCf));
        Files.writeString(pf.resolve("etc/master.cf"), services + String.join("\n", DAEMONS) + "\n");
        return new PrivatePostfix(pf);
    }

    /** The folder of main.cf, for {@code -c} of Postfix's commands. */
    Path config() {
        return dir.resolve("etc");
    }

    /** Starts the configured instance and waits until {@code listening} takes connections. */
    void start(int listening) throws Exception {
        String out = run("postfix", "-c", config().toString(), "start");
        assertThat(out).as("postfix start").startsWith("exit 0");
        PostfixProxyTest.await(() -> {
            try (var s = new java.net.Socket("127.0.0.1", listening)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, "postfix listening on " + listening);
    }

    String maillog() throws IOException {
        Path log = dir.resolve("maillog");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /**
     * Runs a command to its end, or for at most a minute: {@code "exit N"} and what it wrote, or
     * {@code "timed out ..."} and what it wrote by then. See {@link Commands} for why its output
     * goes to a file and its input is empty (Postfix's master, left holding a pipe, once hung CI).
     */
    static String run(String... cmd) throws Exception {
        Commands.Ran ran = Commands.run(cmd);
        return (ran.timedOut() ? "timed out after " + Commands.LIMIT_SECONDS + " s: " + String.join(" ", cmd) : "exit " + ran.exit())
                + "\n" + ran.output();
    }

    @Override
    public void close() throws Exception {
        run("postfix", "-c", config().toString(), "stop");
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
