package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spamd and milter doors as {@code bayard serve} runs them (a child JVM started with a
 * configuration file): the real spamc gets the verdict, a changed spamd: or milter: section waits
 * for a restart and says so, a stop does not wait for a client that never finishes its request,
 * and a port serve cannot listen on ends the start with a line that says why.
 */
class ServeDoorsTest {
    private static final Pattern SPAMD = Pattern.compile("spamd protocol \\(spamc, Exim's spam condition\\) on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern MILTER = Pattern.compile("milter \\(Postfix smtpd_milters, Sendmail\\) on 127\\.0\\.0\\.1:(\\d+)");
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final Sinks sinks = new Sinks();

    Process serve;

    /** Starts serve with {@code config} as its file; returns the spamd port its log names. */
    int startServe(Path config, Path log) throws Exception {
        return startServe(config, log, SPAMD);
    }

    /** As above, returning the port of the door {@code said} finds in the log. */
    int startServe(Path config, Path log, Pattern said) throws Exception {
        RecordingSink sink = sinks.start();
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), gates.copy(tmp), tmp.resolve("q"), sink.address().getPort(), log,
                "-c", config.toString());
        pb.command().add(0, "--default-signal=TERM,INT");
        pb.command().add(0, "env");
        serve = pb.start();
        processes.add(serve);
        ServeReloadTest.waitForLog(log, "listening on", 1);
        Matcher m = said.matcher(Files.readString(log));
        assertThat(m.find()).as(Files.readString(log)).isTrue();
        return Integer.parseInt(m.group(1));
    }

    static Commands.Ran spamc(int port, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("spamc", "-d", "127.0.0.1", "-p", String.valueOf(port), "-t", "30"));
        cmd.addAll(List.of(args));
        return Commands.run(new ProcessBuilder(cmd).redirectInput(Path.of("../samples/held-out/spam-1.eml").toFile()), 60);
    }

    @Test
    void spamcGetsTheVerdictAndAChangedSectionWaitsForARestart() throws Exception {
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "spamd:\n  listen: \"127.0.0.1:0\"\n");
        Path log = tmp.resolve("serve.log");
        int port = startServe(config, log);
        assertThat(Files.readString(log)).contains("learning not allowed (spamd.allow-tell)");
        Commands.Ran check = spamc(port, "-c");
        assertThat(check.exit()).as(check.output()).isEqualTo(1);
        assertThat(check.output()).endsWith("/5.0\n");

        Files.writeString(config, "spamd:\n  listen: \"127.0.0.1:0\"\n  allow-tell: true\n");
        ServeReloadTest.waitForLog(log, "reloaded (file changed)", 1);
        assertThat(Files.readString(log)).contains("need a restart and keep their old values: spamd");
        assertThat(spamc(port, "-L", "spam").exit()).as("still refused until a restart").isNotZero();
        assertThat(spamc(port, "-c").exit()).isEqualTo(1);
    }

    /**
     * spamd.tls-cert-file through serve: its start line says TLS and the certificate, spamc -S
     * checking it gets the verdict, and a certificate file that will not do ends the start in one line.
     */
    @Test
    void overTlsServeAnswersSpamcWithSslAndABadFileEndsTheStart() throws Exception {
        org.bayard.net.testing.TestCertificates.Pair site = org.bayard.net.testing.TestCertificates.rsa(tmp, "spamd");
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "spamd:\n  listen: \"127.0.0.1:0\"\n  tls-cert-file: " + site.certificate() + "\n  tls-key-file: " + site.key() + "\n");
        Path log = tmp.resolve("serve.log");
        int port = startServe(config, log);
        assertThat(Files.readString(log)).contains(":" + port + " over TLS only (spamc -S), certificate CN=localhost, valid until ");
        Commands.Ran check = spamc(port, "-S", "--ssl-ca-file", site.certificate().toString(), "-c");
        assertThat(check.exit()).as(check.output()).isEqualTo(1);
        assertThat(check.output()).endsWith("/5.0\n");
        serve.destroy();
        serve.waitFor();

        Files.writeString(config, "spamd:\n  listen: \"127.0.0.1:0\"\n  tls-cert-file: " + site.key() + "\n");
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), gates.copy(Files.createTempDirectory(tmp, "again")), tmp.resolve("q2"), sinks.start().address().getPort(),
                tmp.resolve("bad.log"), "-c", config.toString());
        Process bad = pb.start();
        processes.add(bad);
        assertThat(bad.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(1);
        assertThat(Files.readString(tmp.resolve("bad.log"))).contains("bayard: spamd.tls-cert-file: " + site.key()).doesNotContain("listening on")
                .doesNotContain("Exception");
    }

    /**
     * SIGTERM while one spamc client has sent its request's head and waits to send the rest:
     * serve stops taking connections at once and ends within seconds, not after the client's
     * 30 s read timeout.
     */
    @Test
    void aStopDoesNotWaitForAClientThatNeverFinishesItsRequest() throws Exception {
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "spamd:\n  listen: \"127.0.0.1:0\"\n");
        int port = startServe(config, tmp.resolve("serve.log"));
        try (Socket half = new Socket("127.0.0.1", port)) {
            half.setSoTimeout(60_000);
            half.getOutputStream().write("CHECK SPAMC/1.5\r\nContent-length: 5000\r\n\r\nFrom: a@".getBytes(StandardCharsets.US_ASCII));
            half.getOutputStream().flush();
            Thread.sleep(300);
            long t0 = System.nanoTime();
            serve.destroy(); // SIGTERM
            assertThat(serve.waitFor(45, TimeUnit.SECONDS)).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("the stop took").isLessThan(15);
            assertThat(serve.exitValue()).isEqualTo(143);
        }
        assertThat(Files.readString(tmp.resolve("serve.log"))).contains("stopped");
    }

    /** The milter door answers an MTA's negotiation, and a changed milter: section waits for a restart and says so. */
    @Test
    void theMilterNegotiatesAndAChangedSectionWaitsForARestart() throws Exception {
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "milter:\n  listen: \"127.0.0.1:0\"\n");
        Path log = tmp.resolve("serve.log");
        int port = startServe(config, log, MILTER);
        try (Socket mta = new Socket("127.0.0.1", port)) {
            mta.setSoTimeout(30_000);
            // O: protocol 6, every action, every protocol flag, as Postfix offers them
            mta.getOutputStream().write(new byte[] {0, 0, 0, 13, 'O', 0, 0, 0, 6, 0, 0, 1, (byte) 0xFF, 0, 0x1F, (byte) 0xFF, (byte) 0xFF});
            byte[] reply = mta.getInputStream().readNBytes(17);
            assertThat(reply).startsWith(0, 0, 0, 13, 'O', 0, 0, 0, 6, 0, 0, 0, 0x19);
        }
        Files.writeString(config, "milter:\n  listen: \"127.0.0.1:0\"\n  max-connections: 5\n");
        ServeReloadTest.waitForLog(log, "reloaded (file changed)", 1);
        assertThat(Files.readString(log)).contains("need a restart and keep their old values: milter");
    }

    @Test
    void aPortServeCannotListenOnEndsTheStartSayingWhy() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Path config = tmp.resolve("bayard.yaml");
            Files.writeString(config, "spamd:\n  listen: \"127.0.0.1:" + taken.getLocalPort() + "\"\n");
            Path log = tmp.resolve("serve.log");
            RecordingSink sink = sinks.start();
            Process p = ServeChild.command(List.of("-Xmx256m"), gates.copy(tmp), tmp.resolve("q"), sink.address().getPort(), log,
                    "-c", config.toString()).start();
            processes.add(p);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log)).contains("spamd.listen 127.0.0.1:" + taken.getLocalPort() + ": cannot listen there: ")
                    .doesNotContain("Exception");
        }
    }
}
