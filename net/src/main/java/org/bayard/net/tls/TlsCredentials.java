package org.bayard.net.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * A certificate chain and its private key, read from PEM files (the key may sit in the
 * certificate's file): what a server shows (STARTTLS, HTTPS), or a client when the server asks for
 * one (Redis' {@code tls-auth-clients}). Keys in PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) and SEC1 ({@code BEGIN EC PRIVATE KEY}, certbot's ECDSA keys) are
 * read; every mistake a postmaster can make with the files is an IOException naming the file and
 * what is wrong, the key of another certificate included.
 *
 * @param keyManagers what a TLS context is given to show the chain and sign with the key
 * @param certificate the chain's first certificate: the one shown
 */
public record TlsCredentials(KeyManager[] keyManagers, X509Certificate certificate) {
    /** The chain in {@code certFile} (its own certificate first) and the key in {@code keyFile} (may be the same file). */
    public static TlsCredentials read(Path certFile, Path keyFile) throws IOException {
        // one file holding both is read once: a renewal replacing it between two reads could pair
        // the old certificate with the new key
        List<PemFile.Block> certBlocks = PemFile.read(certFile);
        List<X509Certificate> chain = certificates(certBlocks, certFile);
        List<PemFile.Block> keyBlocks = keyFile.equals(certFile) ? certBlocks : PemFile.read(keyFile);
        PrivateKey key = privateKey(keyBlocks, keyFile, chain.getFirst().getPublicKey().getAlgorithm());
        if (!belongTogether(key, chain.getFirst())) {
            throw new IOException(keyFile + " holds the private key of another certificate than the first in " + certFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("own", key, none, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            return new TlsCredentials(kmf.getKeyManagers(), chain.getFirst());
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS cannot be set up with " + certFile + ": " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(List<PemFile.Block> blocks, Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (PemFile.Block b : blocks) {
                if (b.label().equals("CERTIFICATE")) {
                    chain.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new IOException(file + " holds a certificate that cannot be read: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) throw new IOException(file + " holds no certificate (PEM: -----BEGIN CERTIFICATE-----)");
        return chain;
    }

    private static PrivateKey privateKey(List<PemFile.Block> blocks, Path file, String algorithm) throws IOException {
        for (PemFile.Block b : blocks) {
            byte[] pkcs8;
            switch (b.label()) {
                case "PRIVATE KEY" -> pkcs8 = b.der();
                case "RSA PRIVATE KEY" -> pkcs8 = Pkcs8.fromRsa(b.der());
                case "EC PRIVATE KEY" -> pkcs8 = Pkcs8.fromEc(b.der(), file);
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                default -> { continue; }
            }
            if (b.encrypted()) throw encrypted(file);
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                throw new IOException(file + " holds a private key that is not the " + algorithm
                        + " key its certificate needs, or cannot be read: " + e.getMessage(), e);
            }
        }
        throw new IOException(file + " holds no private key (PEM: -----BEGIN PRIVATE KEY-----)");
    }

    private static IOException encrypted(Path file) {
        return new IOException(file + " holds an encrypted private key; Bayard reads it unattended, as Postfix does:"
                + " write it without a passphrase (openssl pkey -in KEY -out PLAIN) and keep the file readable by this user only");
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA name their own signature
        };
        byte[] probe = "bayard".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signed = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            throw new IOException("the key and the certificate cannot be checked against each other: " + e.getMessage(), e);
        }
    }
}
