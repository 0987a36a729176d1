package org.bayard.spamd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.bayard.net.ListenAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The door over raw loopback sockets: each answer's layout for each protocol version, and every
 * refusal. The backend here is the protocol's other side, reduced to what the tests look at (a
 * message holding "SPAMMY" is spam); the application's, over the real store, is tested with the
 * real spamc in the app module.
 */
class SpamdServiceTest {
    static final String MESSAGE = "From: a@example.org\r\nSubject: hi\r\n\r\nhello there\r\n";
    static final String SPAM = "From: b@example.org\r\nSubject: buy\r\n\r\nSPAMMY offer\r\n";

    /** Scores a message holding SPAMMY 12.5 points (spam), any other -1.0; marks by adding one field. */
    static final class Backend implements SpamdBackend {
        final List<String> scanned = new CopyOnWriteArrayList<>();
        final List<String> told = new CopyOnWriteArrayList<>();
        volatile long scannedBytes = 1 << 20;
        volatile CountDownLatch hold = new CountDownLatch(0);
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean unavailable;

        @Override
        public Scan scan(byte[] message) {
            entered.countDown();
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String text = new String(message, StandardCharsets.ISO_8859_1);
            scanned.add(text);
            return text.contains("SPAMMY")
                    ? new Scan(true, 12.5, 5.0, List.of(new Rule("BAYES_99", 10.0, "Bayes spam probability is 99 to 100%"),
                            new Rule("MISSING_MID", 2.5, "Missing Message-Id: header")), List.of(new Field("X-Spam-Flag", "YES")))
                    : new Scan(false, -1.0, 5.0, List.of(new Rule("BAYES_00", -1.0, "Bayes spam probability is 0 to 1%")),
                            List.of(new Field("X-Spam-Flag", "NO")));
        }

        @Override
        public long scannedBytes() {
            return scannedBytes;
        }

        @Override
        public byte[] marked(byte[] message, Scan scan) {
            Field f = scan.fields().get(0);
            return (f.name() + ": " + f.value() + "\r\n" + new String(message, StandardCharsets.ISO_8859_1))
                    .getBytes(StandardCharsets.ISO_8859_1);
        }

        @Override
        public Told tell(byte[] message, String mailClass, boolean set, boolean remove) throws Unavailable, Refused {
            if (unavailable) throw new Unavailable("the store is busy");
            if (message.length == 0) throw new Refused("an empty message is not mail");
            told.add(mailClass + " set=" + set + " remove=" + remove + " " + message.length);
            return new Told(set, remove);
        }
    }

    final Backend backend = new Backend();
    SpamdService service;

    void start(boolean allowTell) throws IOException {
        start(new SpamdSettings(new ListenAddress.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), 4, allowTell));
    }

    void start(SpamdSettings settings) throws IOException {
        service = SpamdService.start(settings, backend, System.err);
    }

    @AfterEach
    void stop() {
        if (service != null) service.close();
    }

    String ask(String head, byte[] body) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            s.shutdownOutput();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    String ask(String command, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.ISO_8859_1);
        return ask(command + " SPAMC/1.5\r\nContent-length: " + body.length + "\r\nUser: someone\r\n\r\n", body);
    }

    @Test
    void checkGivesTheVerdictScoreAndThresholdAlone() throws IOException {
        start(false);
        assertThat(ask("CHECK", SPAM)).isEqualTo("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 12.5 / 5.0\r\n\r\n");
        assertThat(ask("CHECK", MESSAGE)).isEqualTo("SPAMD/1.1 0 EX_OK\r\nSpam: False ; -1.0 / 5.0\r\n\r\n");
        assertThat(backend.scanned).containsExactly(SPAM, MESSAGE);
    }

    @Test
    void symbolsAndReportsAreLaidOutForTheClientsVersion() throws IOException {
        start(false);
        assertThat(ask("SYMBOLS", SPAM)).isEqualTo("SPAMD/1.1 0 EX_OK\r\nContent-length: 20\r\nSpam: True ; 12.5 / 5.0\r\n\r\n"
                + "BAYES_99,MISSING_MID");
        byte[] body = SPAM.getBytes(StandardCharsets.ISO_8859_1);
        // before 1.3: no Content-length in the answer, and SYMBOLS ends its line
        assertThat(ask("SYMBOLS SPAMC/1.2\r\nContent-length: " + body.length + "\r\n\r\n", body))
                .isEqualTo("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 12.5 / 5.0\r\n\r\nBAYES_99,MISSING_MID\r\n");
        // what Exim sends, and the layout its parser reads: the Spam line right after the status line
        String exim = ask("REPORT SPAMC/1.2\r\nUser: mail\r\nContent-length: " + body.length + "\r\n\r\n", body);
        assertThat(exim).startsWith("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 12.5 / 5.0\r\n\r\n")
                .contains("Content analysis details:   (12.5 points, 5.0 required)\n",
                        "10.0 BAYES_99               Bayes spam probability is 99 to 100%\n",
                        " 2.5 MISSING_MID            Missing Message-Id: header\n");
        String report = ask("REPORT", MESSAGE);
        assertThat(report).startsWith("SPAMD/1.1 0 EX_OK\r\nContent-length: ").contains("\r\nSpam: False ; -1.0 / 5.0\r\n\r\n");
        String reportBody = report.substring(report.indexOf("\r\n\r\n") + 4);
        assertThat(report).contains("Content-length: " + reportBody.length() + "\r\n");
        assertThat(ask("REPORT_IFSPAM", MESSAGE)).isEqualTo("SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\nSpam: No ; -1.0 / 5.0\r\n\r\n");
        assertThat(ask("REPORT_IFSPAM", SPAM)).contains("Spam: Yes ; 12.5 / 5.0\r\n\r\nContent analysis details:");
    }

    @Test
    void processGivesTheMarkedMessageAndHeadersItsHeaderBlock() throws IOException {
        start(false);
        String marked = "X-Spam-Flag: YES\r\n" + SPAM;
        assertThat(ask("PROCESS", SPAM)).isEqualTo("SPAMD/1.1 0 EX_OK\r\nContent-length: " + marked.length()
                + "\r\nSpam: True ; 12.5 / 5.0\r\n\r\n" + marked);
        String head = "X-Spam-Flag: YES\r\nFrom: b@example.org\r\nSubject: buy\r\n\r\n";
        assertThat(ask("HEADERS", SPAM)).isEqualTo("SPAMD/1.1 0 EX_OK\r\nContent-length: " + head.length()
                + "\r\nSpam: True ; 12.5 / 5.0\r\n\r\n" + head);
        byte[] body = MESSAGE.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ask("PROCESS SPAMC/1.2\r\nContent-length: " + body.length + "\r\n\r\n", body))
                .isEqualTo("SPAMD/1.1 0 EX_OK\r\nContent-length: " + ("X-Spam-Flag: NO\r\n" + MESSAGE).length() + "\r\n\r\nX-Spam-Flag: NO\r\n" + MESSAGE);
        // protocol 1.0: no header lines either way; the message runs to the end of the input
        assertThat(ask("PROCESS SPAMC/1.0\r\n", body)).isEqualTo("SPAMD/1.0 0 EX_OK\r\nX-Spam-Flag: NO\r\n" + MESSAGE);
    }

    @Test
    void pingIsAnsweredPongAndSkipWithNothing() throws IOException {
        start(false);
        assertThat(ask("PING SPAMC/1.5\r\n\r\n", new byte[0])).isEqualTo("SPAMD/1.5 0 PONG\r\n\r\n");
        assertThat(ask("SKIP SPAMC/1.5\r\n\r\n", new byte[0])).isEmpty();
        assertThat(backend.scanned).isEmpty();
    }

    @Test
    void tellLearnsOnlyWhenAllowedAndSaysWhatItDid() throws Exception {
        start(false);
        byte[] body = SPAM.getBytes(StandardCharsets.ISO_8859_1);
        String learn = "TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nContent-length: " + body.length + "\r\n\r\n";
        assertThat(ask(learn, body)).isEqualTo("SPAMD/1.0 69 Service Unavailable: TELL commands are not enabled (spamd.allow-tell)\r\n");
        assertThat(backend.told).isEmpty();
        service.close();
        start(true);
        assertThat(ask(learn, body)).isEqualTo("SPAMD/1.1 0 EX_OK\r\nDidSet: local\r\n\r\n");
        assertThat(ask("TELL SPAMC/1.5\r\nRemove: local\r\nContent-length: " + body.length + "\r\n\r\n", body))
                .isEqualTo("SPAMD/1.1 0 EX_OK\r\nDidRemove: local\r\n\r\n");
        assertThat(backend.told).containsExactly("spam set=true remove=false " + body.length, "null set=false remove=true " + body.length);
        assertThat(ask("TELL SPAMC/1.5\r\nMessage-class: spam\r\nSet: local\r\nRemove: local\r\nContent-length: " + body.length + "\r\n\r\n", body))
                .startsWith("SPAMD/1.0 76 Bad header line: (Unable to set local and remove local");
        assertThat(ask("TELL SPAMC/1.5\r\nMessage-class: junk\r\nSet: local\r\nContent-length: " + body.length + "\r\n\r\n", body))
                .startsWith("SPAMD/1.0 76 Bad header line: (Message-class header contains invalid class: junk)");
        assertThat(ask("TELL SPAMC/1.5\r\nSet: local\r\nContent-length: " + body.length + "\r\n\r\n", body))
                .startsWith("SPAMD/1.0 76 Bad header line: (TELL with Set needs a Message-class header");
        assertThat(ask("TELL SPAMC/1.5\r\nMessage-class: ham\r\nSet: local\r\nContent-length: 0\r\n\r\n", new byte[0]))
                .isEqualTo("SPAMD/1.0 65 Not learned: an empty message is not mail\r\n");
        backend.unavailable = true;
        assertThat(ask(learn, body)).isEqualTo("SPAMD/1.0 75 Service Unavailable: the store is busy\r\n");
        assertThat(backend.told).hasSize(2);
    }

    @Test
    void aBadRequestIsAnsweredSeventySixAndScoresNothing() throws IOException {
        start(false);
        assertThat(ask("HELLO\r\n", new byte[0])).isEqualTo("SPAMD/1.0 76 Bad header line: (not a spamc request line: HELLO)\r\n");
        assertThat(ask("FROB SPAMC/1.5\r\n\r\n", new byte[0])).isEqualTo("SPAMD/1.0 76 Bad header line: (unknown command FROB)\r\n");
        assertThat(ask("CHECK SPAMC/1.5\r\nContent-length: 12x\r\n\r\n", new byte[0]))
                .isEqualTo("SPAMD/1.0 76 Bad header line: (Content-Length contains non-numeric bytes)\r\n");
        assertThat(ask("CHECK SPAMC/1.5\r\nno colon here\r\n\r\n", new byte[0]))
                .isEqualTo("SPAMD/1.0 76 Bad header line: (header not in 'Name: value' format)\r\n");
        assertThat(ask("CHECK SPAMC/1.5\r\nContent-length: 500\r\n\r\n", "short".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("SPAMD/1.0 76 Bad header line: (Content-Length mismatch: Expected 500 bytes, got 5 bytes)\r\n");
        assertThat(ask("CHECK SPAMC/1.5\r\n" + "X-Filler: 1\r\n".repeat(300) + "\r\n", new byte[0]))
                .isEqualTo("SPAMD/1.0 76 Bad header line: (too many headers)\r\n");
        assertThat(ask("CHECK SPAMC/1.5\r\nX-Long: " + "a".repeat(10_000) + "\r\n\r\n", new byte[0]))
                .isEqualTo("SPAMD/1.0 76 Bad header line: (a line longer than 8192 octets)\r\n");
        assertThat(ask("CHECK SPAMC/1.5\r\nCompress: zlib\r\n\r\n", new byte[0]))
                .isEqualTo("SPAMD/1.0 69 Service Unavailable: Compress requires Content-length header\r\n");
        assertThat(backend.scanned).isEmpty();
    }

    static byte[] deflate(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(9))) {
            z.write(b);
        }
        return out.toByteArray();
    }

    @Test
    void aCompressedMessageIsInflatedAndABombKeepsOnlyWhatIsScanned() throws IOException {
        start(false);
        byte[] z = deflate(SPAM.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ask("CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: " + z.length + "\r\n\r\n", z))
                .isEqualTo("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 12.5 / 5.0\r\n\r\n");
        assertThat(backend.scanned).containsExactly(SPAM);
        // a megabyte of one letter in about a kilobyte: only the first scannedBytes of it are ever held
        backend.scannedBytes = 4096;
        byte[] bomb = deflate(("From: c@example.org\r\n\r\n" + "A".repeat(1 << 20)).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(ask("CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: " + bomb.length + "\r\n\r\n", bomb))
                .isEqualTo("SPAMD/1.1 0 EX_OK\r\nSpam: False ; -1.0 / 5.0\r\n\r\n");
        assertThat(backend.scanned.get(1)).hasSize(4096).startsWith("From: c@example.org");
        byte[] garbage = "not zlib at all".getBytes(StandardCharsets.US_ASCII);
        assertThat(ask("CHECK SPAMC/1.5\r\nCompress: zlib\r\nContent-length: " + garbage.length + "\r\n\r\n", garbage))
                .startsWith("SPAMD/1.0 69 Service Unavailable: zlib: ");
        assertThat(backend.scanned).hasSize(2);
    }

    @Test
    void aLargeMessageIsScoredOnItsStartButNotProcessedOrLearned() throws IOException {
        start(true);
        backend.scannedBytes = 1000;
        String large = "From: d@example.org\r\nSubject: long\r\n\r\n" + "word ".repeat(2000) + "\r\n";
        assertThat(ask("CHECK", large)).isEqualTo("SPAMD/1.1 0 EX_OK\r\nSpam: False ; -1.0 / 5.0\r\n\r\n");
        assertThat(backend.scanned).containsExactly(large.substring(0, 1000));
        assertThat(ask("PROCESS", large)).isEqualTo("SPAMD/1.0 65 message larger than 1000 octets (limits.max-scan-bytes):"
                + " not processed, pass it on as it is\r\n");
        byte[] body = large.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(ask("TELL SPAMC/1.5\r\nMessage-class: ham\r\nSet: local\r\nContent-length: " + body.length + "\r\n\r\n", body))
                .isEqualTo("SPAMD/1.0 65 message larger than 1000 octets (limits.max-scan-bytes): not learned\r\n");
        assertThat(backend.scanned).hasSize(1);
        assertThat(backend.told).isEmpty();
    }

    @Test
    void aClientThatStopsSendingIsAnsweredSeventyNine() throws IOException {
        start(new SpamdSettings(new ListenAddress.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), 4, false, Duration.ofMillis(300),
                Duration.ofSeconds(5), Duration.ofSeconds(1)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("CHECK SPAMC/1.5\r\nContent-length: 100\r\n\r\nFrom: e@".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("SPAMD/1.0 79 Timeout: (0 second socket timeout");
        }
        assertThat(backend.scanned).isEmpty();
    }

    /**
     * The same on a Unix socket, whose reads take no timeout of their own: the read is cut by the
     * link's watchdog, and the answer still goes out on the connection.
     */
    @Test
    void aClientThatStopsSendingOnAUnixSocketIsAnsweredSeventyNine(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("spamd.sock");
        start(new SpamdSettings(new ListenAddress.Unix(socket, PosixFilePermissions.fromString("rw-rw----")), 4, false, Duration.ofMillis(300),
                Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThat(service.bound().describe()).isEqualTo("unix:" + socket);
        try (SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            s.write(ByteBuffer.wrap("CHECK SPAMC/1.5\r\nContent-length: 100\r\n\r\nFrom: e@".getBytes(StandardCharsets.US_ASCII)));
            String answer = new String(Channels.newInputStream(s).readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("SPAMD/1.0 79 Timeout: (0 second socket timeout");
        }
        assertThat(backend.scanned).isEmpty();
    }

    @Test
    void aClientTricklingOctetsIsCutOffAtTheRequestTime() throws Exception {
        start(new SpamdSettings(new ListenAddress.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), 4, false, Duration.ofSeconds(5),
                Duration.ofMillis(800), Duration.ofSeconds(1)));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), service.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("CHECK SPAMC/1.5\r\nContent-length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            // an octet every 200 ms, each well inside the read timeout
            for (int i = 0; i < 30 && in.available() == 0; i++) {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(200);
            }
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("SPAMD/1.0 79 Timeout:");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aConnectionPastTheTurnsWaitsThenIsToldToTryAgain() throws Exception {
        start(new SpamdSettings(new ListenAddress.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), 1, false, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(1)));
        backend.hold = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                assertThat(ask("CHECK", MESSAGE)).isEqualTo("SPAMD/1.1 0 EX_OK\r\nSpam: False ; -1.0 / 5.0\r\n\r\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try {
            assertThat(backend.entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // the first has the one turn
            assertThat(service.turnedAway()).isZero();
            assertThat(ask("CHECK", SPAM)).isEqualTo("SPAMD/1.0 75 Service Unavailable: all 1 turns busy (spamd.max-connections);"
                    + " try again later\r\n");
            assertThat(service.turnedAway()).as("counted, for /metrics").isEqualTo(1);
        } finally {
            backend.hold.countDown();
        }
        first.join(10_000);
        assertThat(first.isAlive()).isFalse();
        assertThat(backend.scanned).containsExactly(MESSAGE);
    }

    /** Past four waiting for each turn, a connection is told to try again at once, not after the wait. */
    @Test
    void aFloodOfConnectionsIsToldToTryAgainAtOnce() throws Exception {
        start(new SpamdSettings(new ListenAddress.Tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)), 1, false, Duration.ofSeconds(20),
                Duration.ofSeconds(30), Duration.ofSeconds(1)));
        backend.hold = new CountDownLatch(1);
        List<Socket> waiting = new java.util.ArrayList<>();
        try {
            // one served (held in its scan), four waiting for its turn
            for (int i = 0; i < 1 + SpamdService.WAITING_PER_TURN; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), service.port());
                waiting.add(s);
                byte[] body = MESSAGE.getBytes(StandardCharsets.ISO_8859_1);
                s.getOutputStream().write(("CHECK SPAMC/1.5\r\nContent-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().write(body);
                if (i == 0) assertThat(backend.entered.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (service.openConnections() < waiting.size() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(service.openConnections()).isEqualTo(waiting.size());
            long t0 = System.nanoTime();
            assertThat(ask("CHECK", SPAM)).startsWith("SPAMD/1.0 75 Service Unavailable: all 1 turns busy");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        } finally {
            backend.hold.countDown();
            for (Socket s : waiting) s.close();
        }
    }
}
