package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bayard.app.config.MilterConfig;
import org.bayard.app.gate.GateService;
import org.bayard.app.milter.MilterDoor;
import org.bayard.milter.MilterServer;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.bayard.net.testing.FreePorts;

/**
 * A private Postfix with Bayard as its milter, configured as README's "With Postfix (milter)"
 * section says (read from README): ham delivered through Postfix's queue with our fields and
 * without a sender's forged ones, spam refused in the SMTP session with the gate's 550, unsure
 * mail held in Bayard's quarantine and not delivered until a moderator releases it through the
 * re-injection smtpd, and mail answered 451 while the milter is down (RELIABILITY F6).
 */
class PostfixMilterTest {
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    PrivatePostfix postfix;
    MilterServer milter;
    RecordingSink sink;
    GateService gate;
    int front, reinject;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws Exception {
        if (milter != null) milter.close();
        if (postfix != null) postfix.close();
    }

    /** Postfix with README's recipe, its milter at {@code milterPort}. */
    void startPostfix(int milterPort) throws Exception {
        startPostfix(milterPort, "");
    }

    /** As above, with {@code moreMainCf} lines after the recipe's. */
    void startPostfix(int milterPort, String moreMainCf) throws Exception {
        startPostfix(milterPort, moreMainCf, "");
    }

    /** As above, with {@code moreServices} in master.cf after the recipe's. */
    void startPostfix(int milterPort, String moreMainCf, String moreServices) throws Exception {
        ReadmePostfix recipe = ReadmePostfix.section("### With Postfix (milter");
        String mainCf = recipe.mainCf().replace("inet:127.0.0.1:" + MilterConfig.DEFAULT_LISTEN.split(":")[1], "inet:127.0.0.1:" + milterPort);
        assertThat(mainCf).contains("smtpd_milters = inet:127.0.0.1:" + milterPort, "milter_default_action = tempfail");
        postfix = PrivatePostfix.start(mainCf + "\n" + moreMainCf, recipe.masterCf(front, reinject) + moreServices, sink.address().getPort(),
                front);
    }

    void start(Path db) throws Exception {
        startGate(db, "127.0.0.1:0");
        startPostfix(milter.port());
    }

    /** The gate on {@code db} with its milter door listening at {@code milterListen}, the sink and Postfix's ports chosen. */
    void startGate(Path db, String milterListen) throws Exception {
        sink = sinks.start();
        front = FreePorts.next();
        reinject = FreePorts.next();
        gate = gates.start("", "", db, tmp.resolve("q"), reinject, log).gate();
        milter = MilterDoor.start(new MilterConfig(milterListen, 20), gate.config().smtp(), Duration.ofSeconds(2), gate,
                Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    String swaks(String sample, String from) throws Exception {
        return PostfixProxyTest.swaks(front, sample, from);
    }

    String swaks(Path message, String from) throws Exception {
        return PostfixProxyTest.swaks(front, message, from);
    }

    @Test
    void postfixAsksBayardAboutEachMessage() throws Exception {
        Path db = gates.copy(tmp);
        start(db);

        // a ham with a sender's forged flag: delivered once, with our fields and not the sender's
        Path forged = tmp.resolve("forged.eml");
        Files.writeString(forged, "X-Spam-Flag: YES\nX-Spam-Score: 99.0\n"
                + Files.readString(Path.of("../samples/held-out/ham-2.eml"), StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        assertThat(swaks(forged, "friend@example.org")).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> sink.delivered.size() == 1, "ham delivered through Postfix's queue");
        String delivered = sink.delivered.get(0).text();
        assertThat(delivered).containsOnlyOnce("X-Spam-Flag:").contains("X-Spam-Flag: NO", "X-Bayard-Classification: ham")
                .doesNotContain("99.0");

        assertThat(swaks("spam-1.eml", "spammer@example.net")).contains("<** 550 5.7.1 message refused as spam");

        // unsure: held by Bayard, discarded from Postfix's queue, delivered only once released
        assertThat(swaks("ham-1.eml", "someone@example.org")).contains("<-  250 ");
        assertThat(gate.quarantine().ids()).hasSize(1);
        Thread.sleep(1000);
        assertThat(sink.delivered).hasSize(1);
        String id = gate.quarantine().ids().get(0);
        milter.close();
        milter = null;
        gates.stop(); // the moderator's CLI opens the store itself
        Cli.Result learn = new Cli(db).run("quarantine", "learn-ham", id, "--quarantine", tmp.resolve("q").toString(),
                "--next-hop", "127.0.0.1:" + reinject);
        assertThat(learn.exitCode()).as(learn.err()).isZero();
        PostfixProxyTest.await(() -> sink.delivered.size() == 2, "the released message delivered through Postfix");
        assertThat(sink.delivered.get(1).recipients()).containsExactly("list@example.test");

        String maillog = Files.readString(postfix.dir.resolve("maillog"));
        assertThat(maillog).contains("milter-reject: END-OF-MESSAGE", "5.7.1 message refused as spam", "milter-discard: END-OF-MESSAGE");
        // the gate's decision lines, with Postfix's queue ids (the {i} macro) to find them in its log
        for (int i = 0; i < 100 && !log.toString(StandardCharsets.UTF_8).contains("\"decision\":\"hold "); i++) Thread.sleep(50);
        String decisions = log.toString(StandardCharsets.UTF_8); // written by a thread of their own, within a second
        assertThat(decisions).contains("\"decision\":\"reject ", "\"decision\":\"hold ", "\"reply\":\"550 5.7.1 message refused as spam");
        java.util.regex.Matcher queued = java.util.regex.Pattern.compile("postfix/cleanup\\[\\d+\\]: (\\w+): milter-reject").matcher(maillog);
        assertThat(queued.find()).isTrue();
        assertThat(decisions).containsPattern("\"queue_id\":\"[^\"]+-" + queued.group(1) + "\"");

        // with the milter gone, Postfix answers 451 (milter_default_action = tempfail) and keeps nothing
        assertThat(swaks("ham-2.eml", "friend@example.org")).contains("<** 451 4.7.1");
        Thread.sleep(500);
        assertThat(sink.delivered).hasSize(2);
    }

    /**
     * README's recipe with the milter on a Unix socket ({@code milter.listen: unix:...}, Postfix's
     * {@code smtpd_milters = unix:...}). Postfix's smtpd runs as postfix, not as Bayard's user: it
     * reaches a socket made rw-rw---- (milter.socket-mode) in a folder of postfix's group, which
     * is setgid so that the socket takes the group too. Ham is delivered, spam refused, and once
     * the door stops its socket is gone and Postfix answers 451.
     */
    @Test
    void postfixReachesTheMilterOnAUnixSocket() throws Exception {
        Path run = Files.createTempDirectory(Path.of("/tmp"), "bayard-run-"); // not in the root-only temp dir: postfix must reach it
        try {
            assertThat(PrivatePostfix.run("chgrp", "postfix", run.toString())).startsWith("exit 0");
            assertThat(PrivatePostfix.run("chmod", "2750", run.toString())).startsWith("exit 0");
            Path socket = run.resolve("milter.sock");
            startGate(gates.copy(tmp), "unix:" + socket);
            assertThat(PrivatePostfix.run("stat", "-c", "%A %G", socket.toString())).contains("srw-rw---- postfix");
            startPostfix(0, "smtpd_milters = unix:" + socket);

            assertThat(swaks("ham-2.eml", "friend@example.org")).contains("<-  250 2.0.0 Ok: queued");
            PostfixProxyTest.await(() -> sink.delivered.size() == 1, "ham delivered through Postfix's queue");
            assertThat(sink.delivered.get(0).text()).contains("X-Bayard-Classification: ham");
            assertThat(swaks("spam-1.eml", "spammer@example.net")).contains("<** 550 5.7.1 message refused as spam");

            milter.close();
            milter = null;
            assertThat(socket).doesNotExist();
            assertThat(swaks("ham-3.eml", "friend@example.org")).contains("<** 451 4.7.1");
            Thread.sleep(500);
            assertThat(sink.delivered).hasSize(1);
        } finally {
            PrivatePostfix.run("rm", "-rf", run.toString());
        }
    }

    /**
     * Postfix's client speaking TLS to Postfix: the milter hears of it by the {tls_version} and
     * {cipher} macros, and the gate's decision line says so; a plaintext message's line does not.
     */
    @Test
    void theTlsOfPostfixsClientIsInTheDecisionLine() throws Exception {
        startGate(gates.copy(tmp), "127.0.0.1:0");
        org.bayard.net.testing.TestCertificates.Pair cert = org.bayard.net.testing.TestCertificates.rsa(tmp, "postfix");
        startPostfix(milter.port(), "smtpd_tls_security_level = may\nsmtpd_tls_cert_file = " + cert.certificate()
                + "\nsmtpd_tls_key_file = " + cert.key() + "\n", "tlsmgr unix - - n 1000? 1 tlsmgr\n");

        String overTls = PrivatePostfix.run("swaks", "--server", "127.0.0.1", "--port", String.valueOf(front), "--from", "friend@example.org",
                "--to", "list@example.test", "--helo", "client.test", "--tls", "--data", "@" + Path.of("../samples/held-out/ham-2.eml").toAbsolutePath());
        assertThat(overTls).contains("=== TLS started with cipher", "<~  250 2.0.0 Ok: queued");
        assertThat(swaks("ham-3.eml", "other@example.org")).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> sink.delivered.size() == 2, "both delivered through Postfix's queue");
        for (int i = 0; i < 100 && log.toString(StandardCharsets.UTF_8).split("\"event\":\"message\"").length < 3; i++) Thread.sleep(50);
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"event\":\"message\"")).toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsPattern("\"tls\":\"TLSv1\\.3 TLS_\\w+\"").contains("\"from\":\"friend@example.org\"");
        assertThat(lines.get(1)).doesNotContain("\"tls\"").contains("\"from\":\"other@example.org\"");
    }

    /**
     * RELIABILITY F6: serve killed with SIGKILL while Postfix's client is in the middle of a
     * message's body. Postfix answers the end of it 451 4.7.1 (milter_default_action = tempfail),
     * so the sender keeps the message and tries again, and nothing is delivered.
     */
    @Test
    void serveKilledMidBodyLeavesTheMessageWithItsSender() throws Exception {
        midBody("KILL", "");
    }

    /**
     * RELIABILITY F6: serve stopped (SIGSTOP) half way through a body, past Postfix's
     * milter_content_timeout: Postfix gives up on the milter and answers 451 4.7.1, nothing is
     * delivered, and serve, let go on (SIGCONT), serves the next session.
     */
    @Test
    void serveStalledPastPostfixsTimeoutLeavesTheMessageWithItsSender() throws Exception {
        Process serve = midBody("STOP", "milter_content_timeout = 2s\nmilter_command_timeout = 2s");
        assertThat(Commands.run("kill", "-CONT", String.valueOf(serve.pid())).exit()).isZero();
        assertThat(swaks("ham-2.eml", "friend@example.org")).contains("<-  250 2.0.0 Ok: queued");
        PostfixProxyTest.await(() -> sink.delivered.size() == 1, "the next message delivered");
    }

    /** serve as a child, Postfix in front, a message's body half sent, then {@code signal} to serve; returns serve. */
    private Process midBody(String signal, String moreMainCf) throws Exception {
        sink = sinks.start();
        front = FreePorts.next();
        reinject = FreePorts.next();
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "milter:\n  listen: \"127.0.0.1:0\"\n");
        Path serveLog = tmp.resolve("serve.log");
        Process serve = ServeChild.command(java.util.List.of("-Xmx256m"), gates.copy(tmp), tmp.resolve("q"), reinject, serveLog,
                "-c", config.toString()).start();
        processes.add(serve);
        ServeReloadTest.waitForLog(serveLog, "listening on", 1);
        java.util.regex.Matcher port = java.util.regex.Pattern.compile("milter \\(Postfix smtpd_milters, Sendmail\\) on 127\\.0\\.0\\.1:(\\d+)")
                .matcher(Files.readString(serveLog));
        assertThat(port.find()).as(Files.readString(serveLog)).isTrue();
        startPostfix(Integer.parseInt(port.group(1)), moreMainCf);

        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(front)) {
            c.reply();
            c.send("EHLO client.test\r\n");
            assertThat(c.send("MAIL FROM:<friend@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            c.write("From: friend@example.org\r\nSubject: half way\r\n\r\n" + "a line of the body\r\n".repeat(5000));
            Thread.sleep(500);
            assertThat(Commands.run("kill", "-" + signal, String.valueOf(serve.pid())).exit()).isZero();
            if (signal.equals("KILL")) assertThat(serve.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(c.send("the rest\r\n.\r\n")).startsWith("451 4.7.1");
        }
        Thread.sleep(500);
        assertThat(sink.delivered).isEmpty();
        return serve;
    }
}
