package org.bayard.app.config;

import java.util.Optional;
import org.bayard.net.ListenAddress;

/**
 * The {@code spamd:} section: SpamAssassin's spamc/spamd protocol served by {@code bayard serve},
 * for spamc and Exim's {@code spam =} condition. Absent means no spamd door.
 *
 * @param listen where it listens; spamc and Exim ask 127.0.0.1:783 unless told otherwise; or a Unix socket (spamc -U)
 * @param maxConnections requests served at once (spamd's {@code --max-children} is 5)
 * @param allowTell whether {@code spamc -L} may learn and forget (spamd's {@code --allow-tell}); off by default, as there
 * @param socketMode a Unix socket's permissions (spamd's {@code --socketmode})
 * @param tlsCertFile the PEM certificate chain every connection is spoken TLS with (spamd's {@code --ssl --server-cert},
 *                    spamc's {@code -S}); empty: plain TCP
 * @param tlsKeyFile the PEM file of its private key; empty: in {@code tlsCertFile}
 */
public record SpamdConfig(String listen, int maxConnections, boolean allowTell, int socketMode, Optional<String> tlsCertFile,
                          Optional<String> tlsKeyFile) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:783";
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
    public static final SpamdConfig DEFAULTS = new SpamdConfig(DEFAULT_LISTEN, DEFAULT_MAX_CONNECTIONS, false);

    public SpamdConfig {
        if (tlsKeyFile.isPresent() && tlsCertFile.isEmpty()) {
            throw new IllegalArgumentException("spamd.tls-key-file is set but spamd.tls-cert-file is not: TLS needs the certificate too");
        }
        if (tlsCertFile.isPresent() && DoorAddress.parse(listen, socketMode, "spamd.listen") instanceof ListenAddress.Unix) {
            throw new IllegalArgumentException("spamd.tls-cert-file is set but spamd.listen is a Unix socket: TLS (spamc -S) is spoken"
                    + " over TCP only, and a Unix socket does not leave the host; leave one of them out");
        }
    }

    public SpamdConfig(String listen, int maxConnections, boolean allowTell) {
        this(listen, maxConnections, allowTell, DoorAddress.DEFAULT_SOCKET_MODE, Optional.empty(), Optional.empty());
    }

    /** Where it listens, parsed (checked when the file was read). */
    public ListenAddress address() {
        return DoorAddress.parse(listen, socketMode, "spamd.listen");
    }
}
