package org.bayard.app.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.bayard.app.config.ConfigException;
import org.bayard.app.config.GateConfig;
import org.bayard.net.tls.TlsClient;
import org.bayard.net.tls.TlsCredentials;
import org.bayard.net.tls.TlsServer;
import org.bayard.smtp.NextHop;

/**
 * The gate's TLS as its configuration names it, read from the files: the certificate STARTTLS
 * presents, and whom the next hop's certificate must be signed by. Read at serve's start, at each
 * reload and by {@code config check}; a file that will not do is a ConfigException naming its key.
 */
public final class GateTlsFiles {
    private GateTlsFiles() {}

    /** STARTTLS's certificate and key as smtp.tls-cert-file and smtp.tls-key-file name them; empty when not set. */
    public static Optional<TlsServer.Identity> startTls(GateConfig g) {
        return org.bayard.app.CertificateFiles.read(g.tls().certFile(), g.tls().keyFile(), "smtp.tls-cert-file", "smtp.tls-key-file");
    }

    /**
     * TLS to the next hop: with smtp.next-hop-tls starttls, required, its certificate signed by a CA
     * of smtp.next-hop-tls-ca-file (else the JVM's) and naming the next hop's host as smtp.next-hop
     * writes it; with may, where the next hop offers it, any certificate taken. Either way the
     * certificate of smtp.next-hop-tls-cert-file, when set, is shown to a next hop that asks.
     */
    public static Optional<NextHop.Tls> nextHop(GateConfig g) {
        if (!g.tls().nextHopTls()) return Optional.empty();
        boolean opportunistic = g.tls().nextHop().equals(org.bayard.app.config.GateTls.MAY);
        Optional<TlsCredentials> own = org.bayard.app.CertificateFiles.readClient(g.tls().nextHopCertFile(), g.tls().nextHopKeyFile(),
                "smtp.next-hop-tls-cert-file", "smtp.next-hop-tls-key-file");
        SSLSocketFactory sockets;
        try {
            sockets = opportunistic ? TlsClient.anyCertificate(own) : TlsClient.sockets(g.tls().nextHopCaFile().map(Path::of), own);
        } catch (IOException e) {
            throw new ConfigException("smtp.next-hop-tls-ca-file: " + e.getMessage());
        }
        NextHop.Tls tls = (plain, host, port) -> TlsClient.handshake(sockets, plain, host, port);
        return Optional.of(opportunistic ? NextHop.Tls.opportunistic(tls) : tls);
    }
}
