package org.bayard.smtp;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the SMTP front door behaves. Every limit is enforced by the server itself.
 *
 * @param hostname our name in the greeting and in EHLO to the next hop
 * @param maxLineLength longest command line kept; longer ones get 500 5.5.2
 * @param maxMessageBytes largest message (after dot-unstuffing); larger ones get 552 5.3.4, but after
 *     the queue, where they are passed on unscanned and only the next hop's limit refuses any
 * @param maxRecipients recipients per message; the rest get 452 4.5.3
 * @param maxConnections connections in total; the next one gets 421 4.3.2 and is closed
 * @param maxConnectionsPerClient connections from one IP address; the next one gets 421 4.7.0
 * @param commandTimeout how long we wait for a command or a piece of DATA
 * @param nextHopTimeout connect and reply timeout for the next hop; below Postfix's
 *     {@code smtpd_proxy_timeout} (100 s) so a stalled next hop is our 451, not Postfix's timeout
 * @param memoryPerMessage bytes of a message kept in heap before it spills to {@code spoolDir}
 * @param afterQueue the client is an MTA that has taken the mail already (Postfix's content_filter):
 *     a refusal that comes from our own configuration (relay access) is a 4xx, since a 5xx there
 *     is bounced to the sender
 * @param startTls STARTTLS as offered (RFC 3207): the server's certificate and key, and whether a client must
 *     use it before MAIL; empty: it is not offered
 * @param nextHopTls TLS to the next hop (required of it, or where it offers it: {@link NextHop.Tls#required}); empty: plain
 */
public record SmtpSettings(String hostname, InetSocketAddress nextHop, int maxLineLength, long maxMessageBytes,
                           int maxRecipients, int maxConnections, int maxConnectionsPerClient, Duration commandTimeout,
                           Duration nextHopTimeout, int memoryPerMessage, Path spoolDir, RelayPolicy relay,
                           boolean afterQueue, Optional<StartTls> startTls, Optional<NextHop.Tls> nextHopTls) {
    public SmtpSettings {
        if (maxLineLength < 512) throw new IllegalArgumentException("max-line-length must be at least 512 (RFC 5321), got " + maxLineLength);
        if (maxMessageBytes < 1024) throw new IllegalArgumentException("max-message-bytes must be at least 1024, got " + maxMessageBytes);
        if (maxRecipients < 1) throw new IllegalArgumentException("max-recipients must be at least 1, got " + maxRecipients);
        if (maxConnections < 1) throw new IllegalArgumentException("max-connections must be at least 1, got " + maxConnections);
        if (maxConnectionsPerClient < 1) throw new IllegalArgumentException("max-connections-per-client must be at least 1");
    }

    /**
     * STARTTLS on the gate: {@code context} holds the certificate and key; {@code required}, a client
     * must use it before MAIL (Postfix's smtpd_tls_security_level encrypt), else it may (may).
     */
    public record StartTls(SSLContext context, boolean required) {
    }

    /** Without TLS. */
    public SmtpSettings(String hostname, InetSocketAddress nextHop, int maxLineLength, long maxMessageBytes, int maxRecipients,
                        int maxConnections, int maxConnectionsPerClient, Duration commandTimeout, Duration nextHopTimeout,
                        int memoryPerMessage, Path spoolDir, RelayPolicy relay, boolean afterQueue) {
        this(hostname, nextHop, maxLineLength, maxMessageBytes, maxRecipients, maxConnections, maxConnectionsPerClient,
                commandTimeout, nextHopTimeout, memoryPerMessage, spoolDir, relay, afterQueue, Optional.empty(), Optional.empty());
    }

    /** Before the queue, as a proxy or in front of any MTA, without STARTTLS. */
    public SmtpSettings(String hostname, InetSocketAddress nextHop, int maxLineLength, long maxMessageBytes, int maxRecipients,
                        int maxConnections, int maxConnectionsPerClient, Duration commandTimeout, Duration nextHopTimeout,
                        int memoryPerMessage, Path spoolDir, RelayPolicy relay) {
        this(hostname, nextHop, maxLineLength, maxMessageBytes, maxRecipients, maxConnections, maxConnectionsPerClient,
                commandTimeout, nextHopTimeout, memoryPerMessage, spoolDir, relay, false);
    }

    /** Whether a client must use STARTTLS before MAIL: offered and required. */
    public boolean startTlsRequired() {
        return startTls.map(StartTls::required).orElse(false);
    }

    /** These settings, offering STARTTLS with {@code tls}'s certificate. */
    public SmtpSettings withStartTls(SSLContext tls) {
        return withStartTls(new StartTls(tls, false));
    }

    /** These settings, offering STARTTLS as {@code tls} says: with its certificate, required or not. */
    public SmtpSettings withStartTls(StartTls tls) {
        return new SmtpSettings(hostname, nextHop, maxLineLength, maxMessageBytes, maxRecipients, maxConnections,
                maxConnectionsPerClient, commandTimeout, nextHopTimeout, memoryPerMessage, spoolDir, relay, afterQueue, Optional.of(tls),
                nextHopTls);
    }

    /** These settings, speaking TLS to the next hop with {@code tls} after STARTTLS, which it must offer. */
    public SmtpSettings withNextHopTls(NextHop.Tls tls) {
        return new SmtpSettings(hostname, nextHop, maxLineLength, maxMessageBytes, maxRecipients, maxConnections,
                maxConnectionsPerClient, commandTimeout, nextHopTimeout, memoryPerMessage, spoolDir, relay, afterQueue, startTls,
                Optional.of(tls));
    }
}
