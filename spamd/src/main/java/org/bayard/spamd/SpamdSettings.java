package org.bayard.spamd;

import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.bayard.net.ListenAddress;

/**
 * How the spamd door listens and what it takes.
 *
 * @param maxConnections requests served at once; a connection past them waits {@code readTimeout} for a turn, then gets 75
 * @param allowTell whether TELL may learn and unlearn (spamd's {@code --allow-tell}); off, it is answered 69
 * @param readTimeout how long a read from the client may wait (spamd's {@code --timeout-tcp}, 30 s)
 * @param requestTime how long reading a whole request may take, so that a client sending an octet now and then cannot keep a turn
 * @param drainTime how long stopping waits for requests under way before it closes their connections
 * @param tls the context every connection speaks TLS with from its first byte (spamd's {@code --ssl}, spamc's {@code -S}); empty: plain TCP
 */
public record SpamdSettings(ListenAddress listen, int maxConnections, boolean allowTell, Duration readTimeout, Duration requestTime,
                            Duration drainTime, Optional<SSLContext> tls) {
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration REQUEST_TIME = Duration.ofSeconds(120);
    public static final Duration DRAIN_TIME = Duration.ofSeconds(10);

    public SpamdSettings {
        if (tls.isPresent() && !(listen instanceof ListenAddress.Tcp)) {
            throw new IllegalArgumentException("TLS is spoken over TCP only, not on " + listen.describe());
        }
    }

    public SpamdSettings(ListenAddress listen, int maxConnections, boolean allowTell, Duration readTimeout, Duration requestTime,
                         Duration drainTime) {
        this(listen, maxConnections, allowTell, readTimeout, requestTime, drainTime, Optional.empty());
    }

    public SpamdSettings(ListenAddress listen, int maxConnections, boolean allowTell) {
        this(listen, maxConnections, allowTell, READ_TIMEOUT, REQUEST_TIME, DRAIN_TIME);
    }

    /** These settings, every connection speaking TLS with {@code context}. */
    public SpamdSettings withTls(SSLContext context) {
        return new SpamdSettings(listen, maxConnections, allowTell, readTimeout, requestTime, drainTime, Optional.of(context));
    }
}
