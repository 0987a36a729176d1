package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.bayard.app.gate.GateService;
import org.bayard.net.testing.FreePorts;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A private Postfix instance in front, as a site runs it: its public smtpd hands each session to
 * Bayard ({@code smtpd_proxy_filter}), Bayard relays accepted mail to a second, unfiltered smtpd
 * (re-injection), and Postfix's queue delivers it to the final sink. Postfix must be installed
 * ({@code run-tests} installs it); without it this test fails rather than skips.
 */
class PostfixProxyTest {
    @TempDir Path tmp;
    PrivatePostfix postfix;
    /** Its folder (the maillog is there). */
    Path pf;
    /** Extra {@code -o} options for the re-injection smtpd (the gate's next hop). */
    String reinjectOptions = "";
    /** The ports of Postfix's public smtpd and of its re-injection smtpd. */
    int front, reinject;
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    GateService gate;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void stop() throws Exception {
        if (postfix != null) postfix.close();
    }

    static String run(String... cmd) throws Exception {
        return PrivatePostfix.run(cmd);
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        for (int i = 0; i < 200 && !done.getAsBoolean(); i++) Thread.sleep(50);
        assertThat(done.getAsBoolean()).as(what).isTrue();
    }

    /** The private instance README gives: its public smtpd hands each session to the gate, the re-injection smtpd takes it back. */
    void startPostfix(int front, int reinject, int bayard, int finalSink) throws Exception {
        ReadmePostfix recipe = ReadmePostfix.section("### With Postfix (before-queue");
        postfix = PrivatePostfix.start(recipe.mainCf(), recipe.masterCf(front, bayard, reinject, "", reinjectOptions), finalSink, front);
        pf = postfix.dir;
    }

    /** swaks sends the held-out {@code sample} from {@code from} to list@example.test at {@code port}; what it printed. */
    static String swaks(int port, String sample, String from) throws Exception {
        return swaks(port, Path.of("../samples/held-out", sample).toAbsolutePath(), from);
    }

    /** As above, the message in {@code message}. */
    static String swaks(int port, Path message, String from) throws Exception {
        return run("swaks", "--server", "127.0.0.1", "--port", String.valueOf(port), "--from", from, "--to", "list@example.test",
                "--helo", "client.test", "--data", "@" + message);
    }

    @Test
    void postfixBeforeQueueProxyThroughBayard() throws Exception {
        Path db = gates.copy(tmp);
        Path q = tmp.resolve("q");
        startBehindPostfix(db, q, "");

        String ham = swaks(front, "ham-2.eml", "friend@example.org");
        assertThat(ham).contains("<-  250 2.0.0 Ok: queued");
        await(() -> sink.delivered.size() == 1, "ham delivered through Postfix's queue");
        assertThat(sink.delivered.get(0).text()).contains("X-Spam-Flag: NO", "X-Bayard-Classification: ham");

        // What a Postfix sender sends (ORCPT on every recipient) and a DSN request, passed on by
        // Postfix as they came: taken, not refused with 555 (the mail bounced before)
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(front)) {
            c.reply();
            c.send("EHLO sender.test\r\n");
            assertThat(c.send("MAIL FROM:<friend@example.org> RET=HDRS ENVID=x1\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<list@example.test> NOTIFY=FAILURE ORCPT=rfc822;list@example.test\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send(sample("ham-2.eml") + ".\r\n")).startsWith("250 2.0.0 Ok: queued");
        }
        await(() -> sink.delivered.size() == 2, "the DSN message delivered through Postfix's queue");

        String spam = swaks(front, "spam-1.eml", "spammer@example.net");
        assertThat(spam).contains("<** 550 5.7.1 message refused as spam");

        String unsure = swaks(front, "ham-1.eml", "someone@example.org");
        assertThat(unsure).contains("<-  250 ");
        assertThat(gate.quarantine().ids()).hasSize(1);
        String id = gate.quarantine().ids().get(0);
        gates.stop(); // the moderator's CLI opens the store itself
        gate = null;
        Cli.Result learn = new Cli(db).run("quarantine", "learn-ham", id, "--quarantine", q.toString(), "--next-hop", "127.0.0.1:" + reinject);
        assertThat(learn.exitCode()).as(learn.err()).isZero();
        await(() -> sink.delivered.size() == 3, "the released message delivered through Postfix");
        assertThat(sink.delivered.get(2).recipients()).containsExactly("list@example.test");
        assertThat(Files.readString(pf.resolve("maillog"))).contains("proxy-reject: END-OF-MESSAGE: 550 5.7.1 message refused as spam");
        assertThat(sink.delivered).hasSize(3);
    }

    /**
     * The gate's EHLO announces SIZE as the smaller of its own limit and the next hop's, but then
     * adds its X-Spam-* fields: a message just inside the announced SIZE (sent without a SIZE=
     * the client could be refused on at MAIL) must be taken and delivered, or refused before our
     * 250, never answered 552 after the whole message for a size we said we took.
     */
    @Test
    void aMessageWithinTheAnnouncedSizeIsTakenAndDeliveredWhateverOurFieldsAdd() throws Exception {
        startBehindPostfix(gates.copy(tmp), tmp.resolve("q"), " -o message_size_limit=40000");
        String ham = sample("ham-2.eml");
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.port())) {
            c.reply();
            String ehlo = c.send("EHLO client.test\r\n");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("250[- ]SIZE (\\d+)").matcher(ehlo);
            assertThat(m.find()).as(ehlo).isTrue();
            long announced = Long.parseLong(m.group(1));
            assertThat(announced).as("at most the next hop's limit").isLessThanOrEqualTo(40000);
            // the sample, padded in its body to exactly the announced size (CR LF counted, as the gate counts)
            StringBuilder body = new StringBuilder(ham);
            while (body.length() + 80 <= announced) body.append("x".repeat(76)).append("\r\n");
            int rest = (int) (announced - body.length());
            if (rest >= 2) body.append("y".repeat(rest - 2)).append("\r\n");
            assertThat((long) body.length()).isBetween(announced - 1, announced);
            openData(c, "friend@example.org");
            String reply = c.send(body + ".\r\n");
            assertThat(reply).as("a message within the SIZE we announced").startsWith("250 2.0.0 Ok: queued");
        }
        await(() -> sink.delivered.size() == 1, "delivered through Postfix's queue");
    }

    /**
     * A message past the SIZE the gate announced, sent without SIZE=, was read whole and, when
     * held (here Bayes-unsure), answered "250 Ok: held": a release could then never deliver it
     * (the next hop refuses it with 552), so the mail was lost after our 250. It is refused at the
     * end of DATA with 552, as the announced SIZE said, and nothing is held.
     */
    @Test
    void aMessagePastTheAnnouncedSizeIsRefusedNotHeldBeyondRelease() throws Exception {
        startBehindPostfix(gates.copy(tmp), tmp.resolve("q"), " -o message_size_limit=40000");
        StringBuilder body = new StringBuilder(sample("ham-1.eml"));
        while (body.length() <= 40000) body.append("x".repeat(76)).append("\r\n");
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            openData(c, "someone@example.org");
            assertThat(c.send(body + ".\r\n")).startsWith("552 5.3.4");
        }
        assertThat(gate.quarantine().ids()).isEmpty();
    }

    /**
     * The next-hop transaction is opened at MAIL and then waits, idle, while the client sends the
     * message. A next hop with an idle timeout shorter than that (Postfix's smtpd_timeout is 10 s
     * under stress, 300 s otherwise; a slow link takes longer for a big message) had dropped it by
     * the final dot, and the sender got 451 on every retry. Nothing was delivered there, so the
     * gate now opens a new transaction with the same envelope.
     */
    @Test
    void aSenderSlowerThanTheNextHopsIdleTimeoutIsStillRelayed() throws Exception {
        startWithAnImpatientNextHop();
        String message = sample("ham-2.eml");
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.port())) {
            c.reply();
            assertThat(c.send("EHLO slow.test\r\n")).startsWith("250");
            openData(c, "friend@example.org");
            c.write(message.substring(0, message.length() / 2));
            Thread.sleep(3500); // past the next hop's 2 s
            assertThat(c.send(message.substring(message.length() / 2) + ".\r\n")).startsWith("250 2.0.0 Ok: queued");
        }
        await(() -> sink.delivered.size() == 1, "the slow sender's message delivered through Postfix's queue");
        assertThat(Files.readString(pf.resolve("maillog"))).contains("timeout after RCPT");
    }

    /**
     * The gate keeps its next-hop connection between a client's transactions. A client that
     * paused longer than the next hop's idle timeout before its next MAIL (a sending MTA reusing
     * its connection) got 451 for it, since the kept connection was gone; now MAIL is tried once
     * more on a new one.
     */
    @Test
    void aClientThatPausesLongerThanTheNextHopsIdleTimeoutCanSendAgain() throws Exception {
        startWithAnImpatientNextHop();
        String message = sample("ham-2.eml");
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.port())) {
            c.reply();
            assertThat(c.send("EHLO pausing.test\r\n")).startsWith("250");
            for (int i = 0; i < 2; i++) {
                assertThat(c.send("MAIL FROM:<friend@example.org>\r\n")).as("MAIL of message %d", i).startsWith("250");
                assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
                assertThat(c.send("DATA\r\n")).startsWith("354");
                assertThat(c.send(message + ".\r\n")).startsWith("250 2.0.0 Ok: queued");
                if (i == 0) Thread.sleep(3500); // past the next hop's 2 s
            }
        }
        await(() -> sink.delivered.size() == 2, "both messages delivered through Postfix's queue");
    }

    /**
     * A Postfix next hop that takes one recipient, refuses another for good and defers a third:
     * each refusal reaches the client at its own RCPT (5xx as 5xx, 4xx as our 451), the message
     * gets one 250, and Postfix delivers it to the recipient it took and to no other.
     */
    @Test
    void recipientsTheNextHopRefusesOrDefersAreAnsweredSoAndNeverDelivered() throws Exception {
        Path maps = Files.createTempDirectory(Path.of("/tmp"), "bayard-access-");
        try {
            Files.setPosixFilePermissions(maps, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path access = maps.resolve("recipients");
            Files.writeString(access, "gone@example.test 550 5.1.1 no such user\nbusy@example.test 450 4.2.1 mailbox busy\n");
            startBehindPostfix(gates.copy(tmp), tmp.resolve("q"),
                    " -o smtpd_recipient_restrictions=check_recipient_access,texthash:" + access + ",permit_mynetworks,reject");

            try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.port())) {
                c.reply();
                assertThat(c.send("EHLO mixed.test\r\n")).startsWith("250");
                assertThat(c.send("MAIL FROM:<friend@example.org>\r\n")).startsWith("250");
                assertThat(c.send("RCPT TO:<gone@example.test>\r\n")).startsWith("550 5.1.1");
                assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
                assertThat(c.send("RCPT TO:<busy@example.test>\r\n")).startsWith("451 4.3.0");
                assertThat(c.send("DATA\r\n")).startsWith("354");
                assertThat(c.send(sample("ham-2.eml") + ".\r\n")).startsWith("250 2.0.0 Ok: queued");
            }
            await(() -> sink.delivered.size() == 1, "the message delivered through Postfix's queue");
            // the one message in this Postfix's queue: its qmgr logs "removed" after its last delivery
            Await.until(() -> Files.exists(pf.resolve("maillog")) && Files.readString(pf.resolve("maillog")).contains(": removed"));
            assertThat(sink.delivered).hasSize(1);
            assertThat(sink.delivered.get(0).recipients()).containsExactly("list@example.test");
        } finally {
            try (Stream<Path> s = Files.walk(maps)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The gate relaying to a Postfix smtpd that drops a connection idle for 2 s. */
    /**
     * RELIABILITY P1 through a real next hop: a message whose body hides an ending a lenient server
     * might take for the end of DATA, followed by a whole smuggled transaction, is sent to the gate,
     * whose next hop is Postfix's re-injection smtpd. The bare CR and LF endings are refused by the
     * gate, the NUL ones go on as one message, and nothing from the smuggled sender reaches
     * Postfix's queue or the mailbox behind it.
     */
    @Test
    void smugglingEndingsReachNoMailboxThroughAPostfixNextHop() throws Exception {
        startBehindPostfix(gates.copy(tmp), tmp.resolve("q"), "");
        String smuggled = "MAIL FROM:<smuggled@evil.test>\r\nRCPT TO:<list@example.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n";
        List<String> endings = List.of("\n.\n", "\r.\r", "\r.\n", "\n.\r", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r",
                "\r\n\u0000.\r\n", "\r\n.\u0000\r\n");
        int taken = 0;
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(gate.port())) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.send("EHLO sender.test\r\n")).startsWith("250");
            for (String ending : endings) {
                openData(c, "friend@example.org");
                String reply = c.send(sample("ham-2.eml") + "hidden" + ending + smuggled + ".\r\n");
                boolean nul = ending.contains("\u0000");
                assertThat(reply).as("the ending %s", ending.replace("\r", "CR").replace("\n", "LF").replace("\u0000", "NUL"))
                        .startsWith(nul ? "250" : "550 5.5.2");
                if (nul) taken++;
            }
            openData(c, "last@example.org");
            assertThat(c.send(sample("ham-2.eml") + ".\r\n")).startsWith("250");
        }
        int expected = taken + 1;
        await(() -> sink.delivered.size() >= expected && sink.delivered.stream().anyMatch(d -> d.from().contains("last@example.org")),
                "the last message delivered through Postfix's queue");
        assertThat(sink.delivered).hasSize(expected).noneMatch(d -> d.from().contains("smuggled"));
        assertThat(Files.readString(pf.resolve("maillog"))).doesNotContain("smuggled@evil.test");
    }

    private void startWithAnImpatientNextHop() throws Exception {
        startBehindPostfix(gates.copy(tmp), tmp.resolve("q"), " -o smtpd_timeout=2s");
    }

    /**
     * The gate on {@code db}, holding into {@code q}, behind a private Postfix (its public smtpd on
     * {@link #front}) whose re-injection smtpd (on {@link #reinject}, the gate's next hop) also gets
     * {@code options}; Postfix's queue delivers to {@link #sink}.
     */
    private void startBehindPostfix(Path db, Path q, String options) throws Exception {
        sink = sinks.start();
        front = FreePorts.next();
        reinject = FreePorts.next();
        reinjectOptions = options;
        gate = gates.start("", "", db, q, reinject, log).gate();
        startPostfix(front, reinject, gate.port(), sink.address().getPort());
    }

    /** The sample {@code name} as a client sends it in DATA: CR LF line ends, dot-stuffed, ending in CR LF. */
    private static String sample(String name) throws IOException {
        String message = Files.readString(Path.of("../samples/held-out", name), StandardCharsets.ISO_8859_1)
                .replace("\r\n", "\n").replace("\n", "\r\n").replace("\r\n.", "\r\n..");
        return message.endsWith("\r\n") ? message : message + "\r\n";
    }

    /** MAIL FROM {@code from} and RCPT TO list@example.test, both taken, then DATA, answered 354. */
    private static void openData(org.bayard.smtp.SmtpClient c, String from) throws IOException {
        assertThat(c.send("MAIL FROM:<" + from + ">\r\n")).startsWith("250");
        assertThat(c.send("RCPT TO:<list@example.test>\r\n")).startsWith("250");
        assertThat(c.send("DATA\r\n")).startsWith("354");
    }
}
