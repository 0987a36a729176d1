package org.bayard.app.config;

import java.util.Optional;

/**
 * The gate's TLS, from the {@code smtp:} section: STARTTLS offered to its clients with a certificate
 * and key in PEM files, and TLS required of its next hop.
 *
 * @param certFile smtp.tls-cert-file, the certificate chain STARTTLS presents (the server's first); empty: no STARTTLS
 * @param keyFile smtp.tls-key-file, the PEM file of its private key; empty: in {@code certFile} (as Postfix's smtpd_tls_key_file)
 * @param clients smtp.tls-security-level, as Postfix's smtpd_tls_security_level: {@link #MAY}, a client may use
 *     STARTTLS; or {@link #ENCRYPT}, it must, before MAIL
 * @param nextHop smtp.next-hop-tls: {@link #NONE}; {@link #MAY}, where the next hop offers it, its certificate not checked
 *     (Postfix's may); or {@link #STARTTLS}, required of the next hop, its certificate checked
 * @param nextHopCaFile smtp.next-hop-tls-ca-file, the CA certificates (PEM) that sign the next hop's; empty: the JVM's CAs
 * @param nextHopCertFile smtp.next-hop-tls-cert-file, the certificate chain shown to a next hop that asks for one (as
 *     Postfix's smtp_tls_cert_file); empty: none is shown
 * @param nextHopKeyFile smtp.next-hop-tls-key-file, its private key; empty: in {@code nextHopCertFile}
 */
public record GateTls(Optional<String> certFile, Optional<String> keyFile, String clients, String nextHop, Optional<String> nextHopCaFile,
                      Optional<String> nextHopCertFile, Optional<String> nextHopKeyFile) {
    public static final String NONE = "none";
    public static final String MAY = "may";
    public static final String STARTTLS = "starttls";
    public static final String ENCRYPT = "encrypt";
    public static final GateTls OFF = new GateTls(Optional.empty(), Optional.empty(), MAY, NONE, Optional.empty(), Optional.empty(),
            Optional.empty());

    public GateTls {
        if (keyFile.isPresent() && certFile.isEmpty()) {
            throw new IllegalArgumentException("smtp.tls-key-file is set but smtp.tls-cert-file is not: STARTTLS needs the certificate too");
        }
        if (!clients.equals(MAY) && !clients.equals(ENCRYPT)) {
            throw new IllegalArgumentException("smtp.tls-security-level must be may (a client may use STARTTLS) or encrypt (it must, before"
                    + " MAIL), got '" + clients + "'");
        }
        if (clients.equals(ENCRYPT) && certFile.isEmpty()) {
            throw new IllegalArgumentException("smtp.tls-security-level is encrypt, but smtp.tls-cert-file is not set: STARTTLS needs a"
                    + " certificate to be offered, let alone required");
        }
        if (!nextHop.equals(NONE) && !nextHop.equals(MAY) && !nextHop.equals(STARTTLS)) {
            throw new IllegalArgumentException("smtp.next-hop-tls must be none, may (where the next hop offers it, its certificate not"
                    + " checked) or starttls (required of the next hop, its certificate checked), got '" + nextHop + "'");
        }
        if (nextHopCertFile.isPresent() && nextHop.equals(NONE)) {
            throw new IllegalArgumentException("smtp.next-hop-tls-cert-file is shown to the next hop over TLS, and smtp.next-hop-tls is none:"
                    + " set it to may or starttls");
        }
        if (nextHopKeyFile.isPresent() && nextHopCertFile.isEmpty()) {
            throw new IllegalArgumentException("smtp.next-hop-tls-key-file is set but smtp.next-hop-tls-cert-file is not: the next hop is"
                    + " shown the certificate, signed with the key");
        }
        if (nextHopCaFile.isPresent() && !nextHop.equals(STARTTLS)) {
            throw new IllegalArgumentException("smtp.next-hop-tls-ca-file is for checking the next hop's certificate, and smtp.next-hop-tls is "
                    + nextHop + ", which checks none: set it to starttls");
        }
    }

    /** Whether a client must use STARTTLS before MAIL. */
    public boolean clientsMustUseTls() {
        return clients.equals(ENCRYPT);
    }

    /** Whether the next hop is spoken to over TLS, where it offers it or always. */
    public boolean nextHopTls() {
        return !nextHop.equals(NONE);
    }
}
