package org.bayard.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.bayard.net.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's certificate and key as a site has them in PEM, read and shown to a real TLS client. */
class TlsServerTest {
    @TempDir
    Path dir;

    @Test
    void anRsaKeyInPkcs8ServesAClientThatTrustsTheCertificate() throws Exception {
        TestCertificates.Pair p = TestCertificates.rsa(dir, "rsa");
        assertThat(Files.readString(p.key())).contains("BEGIN PRIVATE KEY");
        TlsServer.Identity id = TlsServer.identity(p.certificate(), p.key());
        assertThat(id.describe()).startsWith("CN=localhost, valid until ");
        assertThat(handshake(id, p.certificate())).isEqualTo("hello over TLS");
    }

    @Test
    void anRsaKeyInPkcs1IsReadToo() throws Exception {
        TestCertificates.Pair p = TestCertificates.rsa(dir, "rsa");
        Path traditional = dir.resolve("rsa1.pem");
        TestCertificates.openssl(dir, "pkey", "-in", p.key().toString(), "-traditional", "-out", traditional.toString());
        assertThat(Files.readString(traditional)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(handshake(TlsServer.identity(p.certificate(), traditional), p.certificate())).isEqualTo("hello over TLS");
    }

    @Test
    void anEcKeyInSec1AsCertbotWritesItIsRead() throws Exception {
        TestCertificates.Pair p = TestCertificates.ec(dir, "ec");
        assertThat(Files.readString(p.key())).contains("BEGIN EC PRIVATE KEY");
        assertThat(handshake(TlsServer.identity(p.certificate(), p.key()), p.certificate())).isEqualTo("hello over TLS");
    }

    @Test
    void anExpiredCertificateIsReadAndSaysSo() throws Exception {
        TestCertificates.Pair p = TestCertificates.expired(dir, "old");
        TlsServer.Identity id = TlsServer.identity(p.certificate(), p.key());
        assertThat(id.expires()).isEqualTo(java.time.Instant.parse("2020-01-03T00:00:00Z"));
        assertThat(id.expiredAt(java.time.Instant.parse("2020-01-02T00:00:00Z"))).isFalse();
        assertThat(id.expiredAt(java.time.Instant.now())).isTrue();
        assertThat(id.describe()).isEqualTo("CN=localhost, valid until 2020-01-03T00:00:00Z");
    }

    @Test
    void theKeyMayBeInTheCertificatesFile() throws Exception {
        TestCertificates.Pair p = TestCertificates.ec(dir, "ec");
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Files.readString(p.key()) + Files.readString(p.certificate()));
        assertThat(handshake(TlsServer.identity(both, both), p.certificate())).isEqualTo("hello over TLS");
    }

    /** certbot's fullchain.pem: the server's certificate, then the intermediate a client needs to reach the root it trusts. */
    @Test
    void theWholeChainIsSentSoThatAClientTrustingOnlyTheRootAccepts() throws Exception {
        Path ext = dir.resolve("ca.ext");
        Files.writeString(ext, "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        Path leafExt = dir.resolve("leaf.ext");
        Files.writeString(leafExt, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        TestCertificates.openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Test Root",
                "-keyout", "root.key", "-out", "root.pem");
        TestCertificates.openssl(dir, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=Test Intermediate",
                "-keyout", "int.key", "-out", "int.csr");
        TestCertificates.openssl(dir, "x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root.key", "-set_serial", "2",
                "-days", "2", "-extfile", ext.toString(), "-out", "int.pem");
        TestCertificates.openssl(dir, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", "leaf.key", "-out", "leaf.csr");
        TestCertificates.openssl(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "int.pem", "-CAkey", "int.key", "-set_serial", "3",
                "-days", "2", "-extfile", leafExt.toString(), "-out", "leaf.pem");
        Path fullchain = dir.resolve("fullchain.pem");
        Files.writeString(fullchain, Files.readString(dir.resolve("leaf.pem")) + Files.readString(dir.resolve("int.pem")));

        assertThat(handshake(TlsServer.identity(fullchain, dir.resolve("leaf.key")), dir.resolve("root.pem")))
                .isEqualTo("hello over TLS");
        // the server's certificate alone: the client cannot reach its root
        assertThatThrownBy(() -> handshake(TlsServer.identity(dir.resolve("leaf.pem"), dir.resolve("leaf.key")), dir.resolve("root.pem")))
                .isInstanceOf(TlsClient.Untrusted.class);
    }

    @Test
    void aMissingFileIsNamed() throws Exception {
        TestCertificates.Pair p = TestCertificates.rsa(dir, "rsa");
        assertThatThrownBy(() -> TlsServer.identity(dir.resolve("nope.pem"), p.key()))
                .isInstanceOf(IOException.class).hasMessage(dir.resolve("nope.pem") + ": no such file");
        assertThatThrownBy(() -> TlsServer.identity(p.certificate(), dir.resolve("nokey.pem")))
                .isInstanceOf(IOException.class).hasMessage(dir.resolve("nokey.pem") + ": no such file");
    }

    @Test
    void filesSwappedOrOfTheWrongKindAreSaidSo() throws Exception {
        TestCertificates.Pair p = TestCertificates.rsa(dir, "rsa");
        assertThatThrownBy(() -> TlsServer.identity(p.key(), p.certificate()))
                .hasMessage(p.key() + " holds no certificate (PEM: -----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> TlsServer.identity(p.certificate(), p.certificate()))
                .hasMessage(p.certificate() + " holds no private key (PEM: -----BEGIN PRIVATE KEY-----)");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a PEM file at all\n");
        assertThatThrownBy(() -> TlsServer.identity(text, p.key())).hasMessageContaining("holds no certificate");
    }

    @Test
    void theKeyOfAnotherCertificateIsRefused() throws Exception {
        TestCertificates.Pair one = TestCertificates.rsa(dir, "one");
        TestCertificates.Pair two = TestCertificates.rsa(dir, "two");
        assertThatThrownBy(() -> TlsServer.identity(one.certificate(), two.key()))
                .hasMessage(two.key() + " holds the private key of another certificate than the first in " + one.certificate());
        TestCertificates.Pair ec = TestCertificates.ec(dir, "ec");
        assertThatThrownBy(() -> TlsServer.identity(one.certificate(), ec.key()))
                .hasMessageStartingWith(ec.key() + " holds a private key that is not the RSA key its certificate needs");
    }

    @Test
    void anEncryptedKeyIsRefusedWithHowToWriteItPlain() throws Exception {
        TestCertificates.Pair p = TestCertificates.rsa(dir, "rsa");
        Path pkcs8 = dir.resolve("enc8.pem");
        TestCertificates.openssl(dir, "pkey", "-in", p.key().toString(), "-aes256", "-passout", "pass:secret", "-out", pkcs8.toString());
        Path traditional = dir.resolve("enc1.pem");
        TestCertificates.openssl(dir, "pkey", "-in", p.key().toString(), "-traditional", "-aes256", "-passout", "pass:secret",
                "-out", traditional.toString());
        assertThat(Files.readString(traditional)).contains("Proc-Type: 4,ENCRYPTED");
        for (Path key : new Path[] {pkcs8, traditional}) {
            assertThatThrownBy(() -> TlsServer.identity(p.certificate(), key))
                    .hasMessageStartingWith(key + " holds an encrypted private key")
                    .hasMessageContaining("openssl pkey -in KEY -out PLAIN");
        }
    }

    @Test
    void brokenBase64IsNamed() throws Exception {
        Path bad = dir.resolve("bad.pem");
        Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> TlsServer.identity(bad, bad)).hasMessageStartingWith(bad + ": CERTIFICATE is not valid base64");
        Path cut = dir.resolve("cut.pem");
        Files.writeString(cut, "-----BEGIN CERTIFICATE-----\nMIIB\n");
        assertThatThrownBy(() -> TlsServer.identity(cut, cut)).hasMessage(cut + ": CERTIFICATE has no -----END CERTIFICATE----- line");
    }

    /** A TLS server with {@code id} on loopback, and a client trusting {@code caFile} reading its greeting. */
    private static String handshake(TlsServer.Identity id, Path caFile) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket listener = new ServerSocket(0, 1, loopback)) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket plain = listener.accept();
                     SSLSocket tls = (SSLSocket) id.context().getSocketFactory().createSocket(plain, null, plain.getPort(), true)) {
                    tls.setUseClientMode(false);
                    tls.startHandshake();
                    tls.getOutputStream().write("hello over TLS".getBytes(StandardCharsets.US_ASCII));
                    tls.getOutputStream().flush();
                } catch (IOException e) {
                    // the client refused the certificate: it says so
                }
            });
            Socket plain = new Socket(loopback, listener.getLocalPort());
            plain.setSoTimeout(10_000);
            try (Socket tls = TlsClient.handshake(TlsClient.sockets(Optional.of(caFile)), plain, "127.0.0.1", listener.getLocalPort());
                 InputStream in = tls.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } finally {
                served.get(10, TimeUnit.SECONDS);
            }
        }
    }
}
