package org.bayard.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
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
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The client's side of TLS for the servers Bayard talks to (a news server, Redis): whom it trusts,
 * the JVM's CAs or only the certificates of a PEM file (a site's own CA), and a handshake that
 * checks the server's name or address in its certificate as HTTPS does, its failure said in a
 * postmaster's words.
 */
public final class TlsClient {
    private TlsClient() {}

    /** The server's certificate is signed by no CA this node trusts. */
    public static final class Untrusted extends IOException {
        Untrusted(Throwable cause) {
            super("its certificate is not signed by a CA this node trusts (tls-ca-file names the one that signs it)", cause);
        }
    }

    /** Sockets that trust the JVM's CAs, or, with {@code caFile}, only the certificates in it; a file that is no certificate is an IOException naming it. */
    public static SSLSocketFactory sockets(Optional<Path> caFile) throws IOException {
        return sockets(caFile, Optional.empty());
    }

    /**
     * As {@link #sockets(Optional)}, showing {@code own} certificate to a server that asks for one
     * (Redis' {@code tls-auth-clients yes}, Postfix's {@code smtpd_tls_req_ccert}); without it a
     * server that asks gets none.
     */
    public static SSLSocketFactory sockets(Optional<Path> caFile, Optional<TlsCredentials> own) throws IOException {
        try {
            if (caFile.isEmpty() && own.isEmpty()) return SSLContext.getDefault().getSocketFactory();
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caFile.isEmpty()) {
                tmf.init((KeyStore) null); // the JVM's CAs
            } else {
                KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
                trusted.load(null, null);
                int i = 0;
                for (Certificate c : certificates(caFile.get())) trusted.setCertificateEntry("ca" + i++, c);
                tmf.init(trusted);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(own.map(TlsCredentials::keyManagers).orElse(null), tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS cannot be set up: " + e.getMessage(), e);
        }
    }

    /**
     * Sockets that take any certificate: encryption against those who only listen, checking no one
     * is who they say, as Postfix's "may" level does for a server whose certificate nobody vouches for.
     */
    public static SSLSocketFactory anyCertificate() throws IOException {
        return anyCertificate(Optional.empty());
    }

    /** As {@link #anyCertificate()}, showing {@code own} certificate to a server that asks for one. */
    public static SSLSocketFactory anyCertificate(Optional<TlsCredentials> own) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(own.map(TlsCredentials::keyManagers).orElse(null), new javax.net.ssl.TrustManager[] {new AnyCertificate()}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS cannot be set up: " + e.getMessage(), e);
        }
    }

    /** Trusts every chain, for any name: an extended manager, so that the JDK adds no name check of its own. */
    private static final class AnyCertificate extends javax.net.ssl.X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {}

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {}

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }

    /**
     * TLS over {@code plain}, connected to {@code host} (a name or an address, as configured) and
     * {@code port}; the certificate must be trusted by {@code tls} and name that host. A failure
     * closes the connection and is an IOException: {@link Untrusted}, another name, or the JDK's words.
     */
    public static Socket handshake(SSLSocketFactory tls, Socket plain, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.setUseClientMode(true);
        try {
            s.startHandshake();
            return s;
        } catch (SSLHandshakeException e) {
            s.close();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.security.cert.CertPathValidatorException || String.valueOf(t.getMessage()).contains("PKIX path")) {
                    throw new Untrusted(e);
                }
                if (t instanceof java.security.cert.CertificateException && String.valueOf(t.getMessage()).startsWith("No subject alternative")) {
                    throw new IOException("its certificate is for another name (" + t.getMessage() + ")", e);
                }
            }
            throw new IOException(Optional.ofNullable(e.getMessage()).orElse(e.toString()), e);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Whether {@code e} is a server's answer that it wants a client certificate and got none (TLS
     * 1.3's certificate_required alert; it comes at the first read after the handshake).
     */
    public static boolean certificateWanted(Throwable e) {
        return alerted(e, "certificate_required");
    }

    /** Whether {@code e} is a server's refusal of the client certificate shown (one it cannot trust, or a bad one). */
    public static boolean certificateRefused(Throwable e) {
        return alerted(e, "unknown_ca") || alerted(e, "bad_certificate") || alerted(e, "certificate_unknown");
    }

    private static boolean alerted(Throwable e, String alert) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException && String.valueOf(t.getMessage()).contains("fatal alert: " + alert)) return true;
        }
        return false;
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
