package org.bayard.nntp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Whom a TLS connection to a news server trusts: the JVM's CAs, or only the certificates of a PEM file (a site's own CA). */
public final class TlsTrust {
    private TlsTrust() {}

    /** Sockets that trust the JVM's CAs, or, with {@code caFile}, only the certificates in it; a file that is no certificate is an IOException naming it. */
    public static SSLSocketFactory sockets(Optional<Path> caFile) throws IOException {
        try {
            if (caFile.isEmpty()) return SSLContext.getDefault().getSocketFactory();
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : certificates(caFile.get())) trusted.setCertificateEntry("ca" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS cannot be set up: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (all.isEmpty()) throw new IOException(file + " holds no certificate (PEM: -----BEGIN CERTIFICATE-----)");
            return all;
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + " is not a certificate in PEM (-----BEGIN CERTIFICATE-----): " + e.getMessage(), e);
        }
    }
}
