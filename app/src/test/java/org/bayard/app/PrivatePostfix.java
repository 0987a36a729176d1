package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
        // Postfix's daemons run as the postfix user, so its folder cannot sit inside a root-only temp dir
        Path pf = Files.createTempDirectory(Path.of("/tmp"), "bayard-postfix-");
        PrivatePostfix started = new PrivatePostfix(pf);
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
        String out = run("postfix", "-c", pf.resolve("etc").toString(), "start");
        assertThat(out).as("postfix start").startsWith("exit 0");
        PostfixProxyTest.await(() -> {
            try (var s = new java.net.Socket("127.0.0.1", listening)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, "postfix listening on " + listening);
        return started;
    }

    String maillog() throws IOException {
        Path log = dir.resolve("maillog");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return "exit " + p.exitValue() + "\n" + out;
    }

    @Override
    public void close() throws Exception {
        run("postfix", "-c", dir.resolve("etc").toString(), "stop");
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
