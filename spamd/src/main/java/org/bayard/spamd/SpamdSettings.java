package org.bayard.spamd;

import java.time.Duration;
import org.bayard.net.ListenAddress;

/**
 * How the spamd door listens and what it takes.
 *
 * @param maxConnections requests served at once; a connection past them waits {@code readTimeout} for a turn, then gets 75
 * @param allowTell whether TELL may learn and unlearn (spamd's {@code --allow-tell}); off, it is answered 69
 * @param readTimeout how long a read from the client may wait (spamd's {@code --timeout-tcp}, 30 s)
 * @param requestTime how long reading a whole request may take, so that a client sending an octet now and then cannot keep a turn
 * @param drainTime how long stopping waits for requests under way before it closes their connections
 */
public record SpamdSettings(ListenAddress listen, int maxConnections, boolean allowTell, Duration readTimeout, Duration requestTime,
                            Duration drainTime) {
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration REQUEST_TIME = Duration.ofSeconds(120);
    public static final Duration DRAIN_TIME = Duration.ofSeconds(10);

    public SpamdSettings(ListenAddress listen, int maxConnections, boolean allowTell) {
        this(listen, maxConnections, allowTell, READ_TIMEOUT, REQUEST_TIME, DRAIN_TIME);
    }
}
