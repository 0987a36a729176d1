package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : List.of("compatibility_level = 3.6", "queue_directory = " + pf.resolve("spool"),
                "data_directory = " + pf.resolve("data"), "mail_owner = postfix", "inet_interfaces = 127.0.0.1", "inet_protocols = ipv4",
                "myhostname = postfix.test", "mydestination =", "relayhost = [127.0.0.1]:" + finalSink, "mynetworks = 127.0.0.0/8",
                "smtpd_relay_restrictions = permit_mynetworks, reject", "smtpd_forbid_bare_newline = normalize", "alias_maps =",
                "alias_database =", "maillog_file = " + pf.resolve("maillog"), "maillog_file_prefixes = " + pf)) {
            set(settings, line);
        }
        mainCf.lines().forEach(line -> set(settings, line));
        StringBuilder cf = new StringBuilder();
        settings.forEach((name, value) -> cf.append(name).append(" = ").append(value).append('\n'));
        Files.writeString(pf.resolve("etc/main.cf"), cf);
        Files.writeString(pf.resolve("etc/master.cf"), services + String.join("\n", DAEMONS) + "\n");
        return new PrivatePostfix(pf);
    }

    /**
     * Sets one main.cf line's parameter, replacing what the line before set it to: each is written
     * once. Every daemon warns of a parameter set twice ("overriding earlier entry") as it starts,
     * and so does postlogd, to its own socket: once the other daemons' warnings had filled that
     * socket's queue (10 datagrams, Linux's default), postlogd waited on itself for ever, every
     * daemon waited on postlogd, and smtpd took connections without ever greeting.
     */
    private static void set(Map<String, String> settings, String line) {
        if (line.isBlank() || line.strip().startsWith("#")) return;
        int equals = line.indexOf('=');
        assertThat(equals).as("a main.cf line: " + line).isPositive();
        assertThat(Character.isWhitespace(line.charAt(0))).as("a main.cf line, not a continuation: " + line).isFalse();
        String name = line.substring(0, equals).strip();
        settings.remove(name); // written where it was set last
        settings.put(name, line.substring(equals + 1).strip());
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

    /** The instance's master process, from its pid file, if it runs. */
    private Optional<ProcessHandle> master() throws IOException {
        Path pid = dir.resolve("spool/pid/master.pid");
        if (!Files.exists(pid)) return Optional.empty();
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).filter(ProcessHandle::isAlive);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
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

    /**
     * Stops the instance, and kills what is left of it (its master and every daemon it started) if
     * the stop did not end it within 10 s: a master stuck sending to postlogd outlived the stop,
     * with its smtpd still listening, after the test had gone.
     */
    @Override
    public void close() throws Exception {
        Optional<ProcessHandle> master = master();
        run("postfix", "-c", config().toString(), "stop");
        if (master.isPresent()) {
            try {
                master.get().onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                List<ProcessHandle> daemons = master.get().descendants().toList();
                master.get().destroyForcibly();
                daemons.forEach(ProcessHandle::destroyForcibly);
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
