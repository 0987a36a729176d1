package org.bayard.milter;

import java.nio.file.Path;
import java.time.Duration;
import org.bayard.net.ListenAddress;

/**
 * How the milter door listens and what it takes.
 *
 * @param maxConnections MTA connections served at once (one per SMTP session); one past them is closed at once, and the MTA
 *     applies its {@code milter_default_action}
 * @param maxMessageBytes the largest message read; a body past it is refused 552 5.3.4, as the gate refuses one
 * @param memoryPerMessage what of a message is kept in memory; the rest is spilled to a file in {@code spillDir}
 * @param idleTimeout how long the MTA may send nothing (its SMTP client thinking, or gone)
 * @param drainTime how long a stop waits for the messages under way to be decided before it closes their connections
 */
public record MilterSettings(ListenAddress listen, int maxConnections, long maxMessageBytes, int memoryPerMessage, Path spillDir,
                             Duration idleTimeout, Duration drainTime) {
    /** Past Postfix's smtpd_timeout (300 s), for the MTA's own client to think between commands. */
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
}
