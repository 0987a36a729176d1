package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY P11: connections that sit idle hold the gate's slots for the whole command
 * timeout (300 s by default), so a few hundred of them, open on purpose, kept every other
 * sender at 421 for five minutes at a time. Once the gate is nearly full (four fifths of
 * max-connections open), a connection waiting for a command gets a tenth of the timeout (at most
 * 30 s), as Postfix cuts smtpd_timeout under stress; below that, the whole timeout.
 */
class IdleUnderLoadTest {
    @TempDir static Path shared;
    static Path trained;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    final List<SmtpClient> clients = new ArrayList<>();
    TestGate gate;

    @BeforeAll
    static void train() {
        trained = SampleStore.trained(shared.resolve("db"));
    }

    @AfterEach
    void stop() throws Exception {
        for (SmtpClient c : clients) c.close();
        if (gate != null) gate.close();
    }

    /** The gate with room for 10 connections, waiting {@code commandTimeoutSeconds} for a command, a tenth of it (1 s at least) under load. */
    void start(int commandTimeoutSeconds) throws Exception {
        int sinkPort = SmtpSink.start(tmp, tmp.resolve("sink"), processes);
        gate = TestGate.start("", "  max-connections: 10\n  command-timeout-seconds: " + commandTimeoutSeconds + "\n",
                SampleStore.copy(trained, tmp), tmp.resolve("q"), sinkPort, Clock.systemUTC(), OutputStream.nullOutputStream());
    }

    SmtpClient idle() throws Exception {
        SmtpClient c = new SmtpClient(gate.gate().port());
        clients.add(c);
        assertThat(c.reply()).startsWith("220");
        assertThat(c.send("EHLO idle.test\r\n")).startsWith("250");
        return c;
    }

    @Test
    void nearlyFullTheGateClosesIdleConnectionsSoon() throws Exception {
        start(20); // 2 s under load
        // seven sessions in the middle of a message keep the gate at four fifths or more while the
        // two waiting for a command are cut (a message under way is not: its reads keep the whole
        // timeout). Not six: the two idle ones can fall on two sweeps of the watch, and once the first
        // is closed, six and one make seven of ten, below four fifths, where the second rightly keeps
        // its whole timeout (the flake of round 43)
        List<SmtpClient> sending = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            SmtpClient c = idle();
            assertThat(c.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<u@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            sending.add(c);
        }
        SmtpClient waiting = idle();
        Thread.sleep(300); // longer than the watch's sweep: the two are cut on two sweeps, not one
        // and one sends a command a byte every half second: the tenth counts from the command's
        // start, not from its last byte, or this one would never be cut
        SmtpClient dripping = idle();
        long t0 = System.nanoTime();
        Thread drip = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    dripping.write("N");
                    Thread.sleep(500);
                }
            } catch (java.io.IOException | InterruptedException closed) {
                // cut off: what the test waits for
            }
        });
        for (SmtpClient c : List.of(waiting, dripping)) {
            String said = c.reply(); // the client's read timeout is 10 s, half the command timeout
            assertThat(said).as("an idle connection of a nearly full gate").startsWith("421 4.4.2");
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until both were told").isLessThan(6_000);
        drip.interrupt();
        // the messages under way go on, and a sender after them is served as usual
        for (SmtpClient c : sending) assertThat(c.send("Subject: x\r\n\r\nx\r\n.\r\n")).startsWith("250");
        SmtpClient next = idle();
        assertThat(next.send("MAIL FROM:<a@example.org>\r\n")).startsWith("250");
    }

    @Test
    void withRoomToSpareIdleConnectionsGetTheWholeTimeout() throws Exception {
        start(6); // 1 s under load (a tenth, raised to the floor): seconds from the whole timeout, which the test then waits out
        SmtpClient c = idle();
        idle();
        c.readTimeout(3_000);
        long t0 = System.nanoTime();
        try {
            String said = c.reply();
            throw new AssertionError("closed after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + said);
        } catch (SocketTimeoutException e) {
            // still open after 3 s, three times what it would get under load: the gate waits its 6 s
        }
        // and then it is cut, at the whole timeout rather than never
        c.readTimeout(30_000);
        String said = c.reply();
        long waited = (System.nanoTime() - t0) / 1_000_000;
        assertThat(said).as("after %d ms", waited).startsWith("421 4.4.2");
        assertThat(waited).as("ms until it was told").isBetween(4_500L, 11_000L);
    }
}
