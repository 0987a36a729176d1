package org.bayard.nntp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.bayard.net.testing.FreePorts;
import org.bayard.net.tls.TlsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reader's side of NNTP against a real INN. */
class NntpClientTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static InnServer inn;

    @BeforeAll
    static void startInn() throws Exception {
        inn = InnServer.start("local.test", "local.other");
    }

    @AfterAll
    static void stopInn() throws Exception {
        if (inn != null) inn.close();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void readsAPostedArticleWithItsDotsAndLineEnds() throws Exception {
        long n = inn.post("local.test", ascii("From: alice@example.org\nSubject: dots\nMessage-ID: <dots@example.org>\n\n"
                + "first line\n.a line that starts with a dot\n..two dots\n.\nlast line\n"));
        try (NntpClient c = NntpClient.connect(inn.address(), WAIT)) {
            c.modeReader();
            GroupRange g = c.group("local.test");
            assertEquals(n, g.high());
            Article.Found a = assertInstanceOf(Article.Found.class, c.article(n, 1 << 20));
            String article = text(a.bytes());
            assertTrue(article.contains("Message-ID: <dots@example.org>\r\n"), article);
            assertTrue(article.endsWith("\r\n\r\nfirst line\r\n.a line that starts with a dot\r\n..two dots\r\n.\r\nlast line\r\n"), article);
            assertTrue(!article.replace("\r\n", "").contains("\n"), "every line ends in CRLF");
        }
    }

    @Test
    void anArticleLargerThanTheLimitIsDroppedAndTheConnectionGoesOn() throws Exception {
        long big = inn.post("local.test", ascii("From: bob@example.org\nSubject: big\n\n" + "x".repeat(200) + "\n".repeat(1)
                + ("y".repeat(70) + "\n").repeat(100)));
        long small = inn.post("local.test", ascii("From: bob@example.org\nSubject: small\n\nsmall\n"));
        try (NntpClient c = NntpClient.connect(inn.address(), WAIT)) {
            c.modeReader();
            c.group("local.test");
            Article.TooLarge t = assertInstanceOf(Article.TooLarge.class, c.article(big, 1000));
            assertTrue(t.bytes() > 7000, "its size, counted to the end: " + t.bytes());
            Article.Found a = assertInstanceOf(Article.Found.class, c.article(small, 1000));
            assertTrue(text(a.bytes()).endsWith("\r\n\r\nsmall\r\n"));
        }
    }

    @Test
    void aNumberWithNoArticleIsMissingNotAFailure() throws Exception {
        try (NntpClient c = NntpClient.connect(inn.address(), WAIT)) {
            c.modeReader();
            c.group("local.other");
            Article.Missing m = assertInstanceOf(Article.Missing.class, c.article(999_999, 1000));
            assertEquals(423, m.reply().code());
        }
    }

    @Test
    void aGroupTheServerHasNotIsRefusedWithItsReply() throws Exception {
        try (NntpClient c = NntpClient.connect(inn.address(), WAIT)) {
            c.modeReader();
            NntpRefusal e = assertThrows(NntpRefusal.class, () -> c.group("no.such.group"));
            assertEquals(411, e.reply().code());
            assertTrue(e.getMessage().startsWith("GROUP no.such.group on " + inn.hostPort() + ": the news server answered 411"), e.getMessage());
        }
    }

    @Test
    void anEmptyGroupHasItsLastBelowItsFirst() throws Exception {
        try (NntpClient c = NntpClient.connect(inn.address(), WAIT)) {
            c.modeReader();
            GroupRange g = c.group("local.other");
            assertEquals(0, g.count());
            assertTrue(g.high() < g.low(), g.toString());
        }
    }

    @Test
    void aServerThatIsNotThereIsNamed() throws Exception {
        int port = FreePorts.next();
        IOException e = assertThrows(IOException.class, () -> NntpClient.connect(new InetSocketAddress("127.0.0.1", port), WAIT));
        assertTrue(e.getMessage().startsWith("the news server 127.0.0.1:" + port + " cannot be reached: "), e.getMessage());
    }

    @Test
    void aServerThatSaysNothingTimesOutWithinTheWait() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class, () -> NntpClient.connect(
                    new InetSocketAddress("127.0.0.1", silent.getLocalPort()), Duration.ofMillis(300)));
            assertTrue(e.getMessage().endsWith("no answer within 300 ms"), e.getMessage());
        }
    }

    @Test
    void aServerThatIsNotNntpIsSaidSo() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = fake.accept()) {
                    s.getOutputStream().write(ascii("+OK POP3 server ready\r\n"));
                    s.getInputStream().read();
                } catch (IOException ignored) {
                    // the client went
                }
            });
            IOException e = assertThrows(IOException.class, () -> NntpClient.connect(
                    new InetSocketAddress("127.0.0.1", fake.getLocalPort()), WAIT));
            assertEquals("the news server answered a line that is not an NNTP response: +OK POP3 server ready", e.getMessage());
        }
    }

    @Test
    void aServerThatWantsAuthenticationRefusesTheWrongPassword() throws Exception {
        try (NntpClient c = NntpClient.connect(inn.address(), WAIT)) {
            c.modeReader();
            // the package's readers.conf lets loopback read without a password, and knows no users: INN refuses any
            NntpRefusal e = assertThrows(NntpRefusal.class, () -> c.authenticate("gateway", "secret"));
            assertTrue(e.getMessage().startsWith("AUTHINFO as gateway on " + inn.hostPort() + ": the news server answered "), e.getMessage());
            assertTrue(!e.getMessage().contains("secret"), e.getMessage());
        }
    }

    /** "secret", as {@code openssl passwd -6 -salt abcdefgh secret} hashes it. */
    static final InnServer.Login GATEWAY = new InnServer.Login("gateway", "secret",
            "$6$abcdefgh$ltjgWl6579NluT/Vi1nwEvcil.G5Nbc4NiXZaNGStk8PSwGfQv72N2CKPPrVACtLtip/cZ/1GM/O6IND4WQhG.");

    @Test
    void aServerThatWantsALoginReadsOnlyAfterTheRightOne() throws Exception {
        try (InnServer closed = InnServer.start(GATEWAY, "local.private")) {
            long n = closed.feed("local.private", "<members@example.org>", ascii("From: dave@example.org\nSubject: members only\n\nhello\n"));
            try (NntpClient c = NntpClient.connect(closed.address(), WAIT)) {
                c.modeReader();
                NntpRefusal e = assertThrows(NntpRefusal.class, () -> c.group("local.private"));
                assertEquals(480, e.reply().code());
            }
            try (NntpClient c = NntpClient.connect(closed.address(), WAIT)) {
                c.modeReader();
                NntpRefusal e = assertThrows(NntpRefusal.class, () -> c.authenticate("gateway", "wrong"));
                assertEquals(481, e.reply().code());
            }
            try (NntpClient c = NntpClient.connect(closed.address(), WAIT)) {
                c.modeReader();
                c.authenticate("gateway", "secret");
                assertEquals(n, c.group("local.private").high());
                assertTrue(text(((Article.Found) c.article(n, 1 << 20)).bytes()).endsWith("\r\n\r\nhello\r\n"));
            }
        }
    }

    @Test
    void aConnectionLostInsideAnArticleIsAFailureNotAShortArticle() throws Exception {
        try (ServerSocket fake = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = fake.accept()) {
                    var out = s.getOutputStream();
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    out.write(ascii("200 fake ready\r\n"));
                    in.readLine();
                    out.write(ascii("211 1 1 1 local.test\r\n"));
                    in.readLine();
                    out.write(ascii("220 1 <cut@example.org>\r\nFrom: a@example.org\r\nSubject: cut\r\n\r\nhalf of the bo"));
                } catch (IOException ignored) {
                    // the client went
                }
            });
            try (NntpClient c = NntpClient.connect(new InetSocketAddress("127.0.0.1", fake.getLocalPort()), WAIT)) {
                c.group("local.test");
                IOException e = assertThrows(IOException.class, () -> c.article(1, 1 << 20));
                assertEquals("reading from the news server 127.0.0.1:" + fake.getLocalPort() + ": the connection was closed", e.getMessage());
            }
        }
    }

    @Test
    void startTlsReadsOverTlsWithTheSitesOwnCaAndRefusesAServerItDoesNotTrust() throws Exception {
        try (InnServer secure = InnServer.start(null, true, "local.secure")) {
            long n = secure.post("local.secure", ascii("From: erin@example.org\nSubject: over tls\n\nsealed\n"));
            try (NntpClient c = NntpClient.connect(secure.address(), WAIT)) {
                c.modeReader();
                c.startTls(TlsClient.sockets(java.util.Optional.of(secure.certificate())));
                c.group("local.secure");
                assertTrue(text(((Article.Found) c.article(n, 1 << 20)).bytes()).endsWith("\r\n\r\nsealed\r\n"));
            }
            // NNTPS: TLS from the first byte, on a port of its own
            InetSocketAddress nntps = secure.startImplicitTls();
            try (NntpClient c = NntpClient.connect(nntps, WAIT, TlsClient.sockets(java.util.Optional.of(secure.certificate())))) {
                c.modeReader();
                c.group("local.secure");
                assertTrue(text(((Article.Found) c.article(n, 1 << 20)).bytes()).endsWith("\r\n\r\nsealed\r\n"));
            }
            // the JVM's own CAs never signed the test's certificate
            try (NntpClient c = NntpClient.connect(secure.address(), WAIT)) {
                c.modeReader();
                IOException e = assertThrows(IOException.class, () -> c.startTls(TlsClient.sockets(java.util.Optional.empty())));
                assertEquals("TLS with the news server " + secure.hostPort() + " failed: its certificate is not signed by a CA this node"
                        + " trusts (tls-ca-file names the one that signs it)", e.getMessage());
            }
        }
        // a server without TLS refuses STARTTLS, and says so
        try (NntpClient c = NntpClient.connect(inn.address(), WAIT)) {
            c.modeReader();
            NntpRefusal e = assertThrows(NntpRefusal.class, () -> c.startTls(TlsClient.sockets(java.util.Optional.empty())));
            assertTrue(e.getMessage().startsWith("STARTTLS on " + inn.hostPort() + ": the news server answered "), e.getMessage());
        }
    }

    @Test
    void readsTheSameArticleTwiceByteForByte() throws Exception {
        long n = inn.post("local.other", ascii("From: carol@example.org\nSubject: twice\n\nbody\n"));
        byte[] first;
        try (NntpClient c = NntpClient.connect(inn.address(), WAIT)) {
            c.modeReader();
            c.group("local.other");
            first = ((Article.Found) c.article(n, 1 << 20)).bytes();
        }
        try (NntpClient c = NntpClient.connect(inn.address(), WAIT)) {
            c.modeReader();
            c.group("local.other");
            assertArrayEquals(first, ((Article.Found) c.article(n, 1 << 20)).bytes());
        }
    }
}
