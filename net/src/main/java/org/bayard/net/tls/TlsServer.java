package org.bayard.net.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLContext;

/**
 * The server's side of TLS: a certificate chain and its private key, read from PEM files as
 * Postfix's {@code smtpd_tls_cert_file} and {@code smtpd_tls_key_file} name them (see {@link
 * TlsCredentials}), made into an {@link SSLContext}.
 */
public final class TlsServer {
    /** What a server presents: the context its connections are made with, and the certificate it shows first. */
    public record Identity(SSLContext context, X509Certificate certificate) {
        /** The certificate's subject and expiry, for a start line: {@code CN=mail.example.org, valid until 2027-02-01T00:00:00Z}. */
        public String describe() {
            return certificate.getSubjectX500Principal().getName() + ", valid until " + certificate.getNotAfter().toInstant();
        }

        /** When the certificate expires (its notAfter). */
        public Instant expires() {
            return certificate.getNotAfter().toInstant();
        }

        /** Whether the certificate has expired at {@code now}. */
        public boolean expiredAt(Instant now) {
            return expires().isBefore(now);
        }
    }

    private TlsServer() {}

    /** The identity in {@code certFile} (the chain, the server's own certificate first) and {@code keyFile} (may be the same file). */
    public static Identity identity(Path certFile, Path keyFile) throws IOException {
        TlsCredentials credentials = TlsCredentials.read(certFile, keyFile);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(credentials.keyManagers(), null, null);
            return new Identity(context, credentials.certificate());
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS cannot be set up with " + certFile + ": " + e.getMessage(), e);
        }
    }
}
