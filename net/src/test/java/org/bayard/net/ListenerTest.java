package org.bayard.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The doors' listeners: a Unix domain socket's file, its reads' timeouts, and TCP alongside. */
class ListenerTest {
    @TempDir Path tmp;

    private ListenAddress.Unix unix(String name) {
        return new ListenAddress.Unix(tmp.resolve(name), PosixFilePermissions.fromString("rw-rw----"));
    }

    @Test
    void aUnixSocketCarriesBothWaysWithTheFileMadeWithThePermissionsAskedAndRemovedAtTheClose() throws Exception {
        ListenAddress.Unix at = unix("milter.sock");
        try (Listener listener = Listener.open(at, 8);
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(at.path()));
             Link link = listener.accept()) {
            assertThat(Files.getPosixFilePermissions(at.path())).isEqualTo(PosixFilePermissions.fromString("rw-rw----"));
            assertThat(listener.bound().describe()).isEqualTo("unix:" + at.path());
            assertThat(link.peer()).isEqualTo("unix:" + at.path());
            client.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(new String(link.input().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            link.output().write("pong\n".getBytes(StandardCharsets.US_ASCII));
            link.shutdownOutput();
            assertThat(new String(Channels.newInputStream(client).readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("pong\n");
        }
        assertThat(at.path()).doesNotExist();
    }

    /**
     * A channel's read has no timeout of its own: a read with one ends with SocketTimeoutException
     * when nothing came, and the answer to that (spamd's timeout error) can still be sent.
     */
    @Test
    void aReadOnAUnixSocketTimesOutAndTheAnswerCanStillBeSent() throws Exception {
        ListenAddress.Unix at = unix("spamd.sock");
        try (Listener listener = Listener.open(at, 8);
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(at.path()));
             Link link = listener.accept()) {
            link.readTimeout(300);
            client.write(ByteBuffer.wrap("PI".getBytes(StandardCharsets.US_ASCII)));
            InputStream in = link.input();
            assertThat(in.readNBytes(2)).as("what came before the time ran out").isEqualTo("PI".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("300 ms");
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms waited").isGreaterThanOrEqualTo(250);
            assertThatThrownBy(in::read).as("and so every read after it").isInstanceOf(SocketTimeoutException.class);
            link.output().write("timeout\n".getBytes(StandardCharsets.US_ASCII));
            link.shutdownOutput();
            assertThat(new String(Channels.newInputStream(client).readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("timeout\n");
        }
    }

    /** Reads each done in time leave no watchdog behind to cut a later one. */
    @Test
    void readsDoneInTimeAreNotCutLater() throws Exception {
        ListenAddress.Unix at = unix("a.sock");
        try (Listener listener = Listener.open(at, 8);
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(at.path()));
             Link link = listener.accept()) {
            link.readTimeout(400);
            for (int i = 0; i < 4; i++) {
                client.write(ByteBuffer.wrap(new byte[] {(byte) ('a' + i)}));
                assertThat(link.input().read()).isEqualTo('a' + i);
                Thread.sleep(250); // past what would be left of a timeout armed by an earlier read
            }
            client.shutdownOutput();
            assertThat(link.input().read()).as("the client's end of input, not a timeout").isEqualTo(-1);
        }
    }

    /** A socket file left by a process that ended without removing it is removed; serve starts. */
    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        ListenAddress.Unix at = unix("stale.sock");
        ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        crashed.bind(UnixDomainSocketAddress.of(at.path()));
        crashed.close(); // the file stays, as after a kill -9
        assertThat(at.path()).exists();
        try (Listener listener = Listener.open(at, 8);
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(at.path()));
             Link link = listener.accept()) {
            client.write(ByteBuffer.wrap(new byte[] {42}));
            assertThat(link.input().read()).isEqualTo(42);
        }
    }

    /** One another process listens on is not taken from it, nor is a file that is no socket removed. */
    @Test
    void aLiveSocketAndAFileThatIsNoSocketAreLeftAlone() throws Exception {
        ListenAddress.Unix at = unix("live.sock");
        try (Listener first = Listener.open(at, 8)) {
            assertThatThrownBy(() -> Listener.open(at, 8)).isInstanceOf(IOException.class)
                    .hasMessage("another process listens on " + at.path() + " (a bayard serve running already?)");
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(at.path())); Link link = first.accept()) {
                assertThat(link.peer()).as("the first still serves").startsWith("unix:");
            }
        }
        Path file = Files.writeString(tmp.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> Listener.open(new ListenAddress.Unix(file, PosixFilePermissions.fromString("rw-------")), 8))
                .isInstanceOf(IOException.class).hasMessage(file + " exists and is not a socket: move it away, or listen elsewhere");
        assertThat(file).hasContent("keep me");
        Path nowhere = tmp.resolve("no-such-folder/milter.sock");
        assertThatThrownBy(() -> Listener.open(new ListenAddress.Unix(nowhere, PosixFilePermissions.fromString("rw-------")), 8))
                .isInstanceOf(IOException.class).hasMessage("the folder " + nowhere.getParent() + " does not exist");
    }

    /** The close removes the socket it made, not a file another put at its path since. */
    @Test
    void theCloseLeavesAFilePutInTheSocketsPlace() throws Exception {
        ListenAddress.Unix at = unix("moved.sock");
        Listener listener = Listener.open(at, 8);
        Files.delete(at.path());
        Files.writeString(at.path(), "another's");
        listener.close();
        assertThat(at.path()).hasContent("another's");
        assertThat(listener.isClosed()).isTrue();
        assertThatThrownBy(listener::accept).isInstanceOf(IOException.class);
    }

    @Test
    void tcpTellsThePortChosenAndTimesOutReads() throws Exception {
        try (Listener listener = Listener.open(new ListenAddress.Tcp(new InetSocketAddress("127.0.0.1", 0)), 8)) {
            int port = ((ListenAddress.Tcp) listener.bound()).address().getPort();
            assertThat(port).isPositive();
            assertThat(listener.bound().describe()).isEqualTo("127.0.0.1:" + port);
            try (Socket client = new Socket("127.0.0.1", port); Link link = listener.accept()) {
                assertThat(link.peer()).isEqualTo("127.0.0.1:" + client.getLocalPort());
                link.readTimeout(200);
                assertThatThrownBy(() -> link.input().read()).isInstanceOf(SocketTimeoutException.class);
                OutputStream out = link.output();
                out.write(7);
                out.flush();
                assertThat(client.getInputStream().read()).isEqualTo(7);
            }
        }
    }

    /**
     * Over TLS from the first byte (spamd --ssl): a client checking the certificate exchanges
     * bytes through it, and the handshake waits for the first read, so a client that never begins
     * one keeps the acceptor from no one.
     */
    @Test
    void aTlsListenerSpeaksTlsFromTheFirstByteAndLeavesTheHandshakeToTheFirstRead() throws Exception {
        org.bayard.net.testing.TestCertificates.Pair site = org.bayard.net.testing.TestCertificates.rsa(tmp, "spamd");
        try (Listener listener = tlsListener(site);
             Socket silent = connect(listener);
             Link waiting = listener.accept();
             Socket plain = connect(listener);
             Link link = listener.accept()) {
            int port = plain.getPort();
            java.util.concurrent.CountDownLatch serverClosed = new java.util.concurrent.CountDownLatch(1);
            // the client's handshake waits for the server's side of it, made at the link's first read below
            java.util.concurrent.CompletableFuture<String> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (Socket client = org.bayard.net.tls.TlsClient.handshake(
                        org.bayard.net.tls.TlsClient.sockets(java.util.Optional.of(site.certificate())), plain, "localhost", port)) {
                    client.setSoTimeout(20_000);
                    client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    String got = new String(client.getInputStream().readNBytes(5), StandardCharsets.US_ASCII);
                    serverClosed.await(30, java.util.concurrent.TimeUnit.SECONDS); // open, and sending no close_notify, until then
                    return got;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            link.readTimeout(20_000);
            assertThat(link.peer()).startsWith("127.0.0.1:");
            assertThat(new String(link.input().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("ping\n");
            link.output().write("pong\n".getBytes(StandardCharsets.US_ASCII));
            link.output().flush();
            // a TLS close waits for the client's close_notify, up to the read timeout (20 s), unless told not to
            long closing = System.nanoTime();
            link.close();
            serverClosed.countDown();
            assertThat((System.nanoTime() - closing) / 1_000_000).as("the close waited for no close_notify of the client's").isLessThan(10_000);
            assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("pong\n");
            waiting.readTimeout(200);
            assertThatThrownBy(() -> waiting.input().read()).as("the silent client's handshake times out as a read does")
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aPlainTextClientOnATlsListenerFailsItsHandshake() throws Exception {
        try (Listener listener = tlsListener(org.bayard.net.testing.TestCertificates.rsa(tmp, "spamd"));
             Socket plain = connect(listener);
             Link link = listener.accept()) {
            plain.getOutputStream().write("PING SPAMC/1.5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            link.readTimeout(10_000);
            assertThatThrownBy(() -> link.input().read()).isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    /** A listener on a free loopback port speaking TLS with {@code site}'s certificate. */
    private static Listener tlsListener(org.bayard.net.testing.TestCertificates.Pair site) throws IOException {
        javax.net.ssl.SSLContext server = org.bayard.net.tls.TlsServer.identity(site.certificate(), site.key()).context();
        return Listener.openOverTls(new ListenAddress.Tcp(new InetSocketAddress("127.0.0.1", 0)), 8, server);
    }

    private static Socket connect(Listener listener) throws IOException {
        return new Socket("127.0.0.1", ((ListenAddress.Tcp) listener.bound()).address().getPort());
    }
}
