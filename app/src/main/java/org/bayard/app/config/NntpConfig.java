package org.bayard.app.config;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code nntp:} section: the Usenet gateway. Each newsgroup's new articles are handed, one
 * SMTP transaction each, to the gate, addressed to the group's mailing list: the gate scores them
 * as any mail and refuses spam (which then never reaches the list), holds the unsure middle for a
 * moderator and relays the rest to the list. Absent means no gateway.
 *
 * @param server the news server, HOST:PORT
 * @param tls {@link #TLS_NONE}, {@link #TLS_STARTTLS} (after MODE READER, on the server's port) or {@link #TLS_IMPLICIT} (NNTPS, port 563)
 * @param tlsCaFile the PEM file of the CA certificates that sign the server's; none: the JVM's CAs
 * @param user with {@code password}, sent with AUTHINFO USER/PASS; none when the server lets us read without
 * @param submitTo the SMTP server the articles are handed to; none: the gate at {@code smtp.listen}
 * @param sender the envelope sender of an article whose From holds no address that is one; none: the null sender
 * @param intervalSeconds how often {@code serve} looks for new articles
 * @param timeoutSeconds how long connecting and each read may take, on either side
 * @param groups each newsgroup and the list address its articles go to, in the file's order
 */
public record NntpConfig(String server, String tls, Optional<String> tlsCaFile, Optional<String> user, Optional<String> password, Optional<String> submitTo,
                         Optional<String> sender, int intervalSeconds, int timeoutSeconds, Map<String, String> groups) {
    public static final String DEFAULT_SERVER = "127.0.0.1:119";
    public static final String TLS_NONE = "none";
    public static final String TLS_STARTTLS = "starttls";
    public static final String TLS_IMPLICIT = "implicit";
    public static final int DEFAULT_INTERVAL_SECONDS = 300;
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;
    /** What config defaults writes, commented out: the defaults with one example group. */
    public static final NntpConfig EXAMPLE = new NntpConfig(DEFAULT_SERVER, TLS_NONE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), DEFAULT_INTERVAL_SECONDS, DEFAULT_TIMEOUT_SECONDS, Map.of("comp.example", "example-list@lists.example.org"));

    public NntpConfig {
        groups = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(groups));
    }

    /** Where articles are handed to: {@code submit-to}, else the gate of {@code smtp}. */
    public String submitAddress(GateConfig smtp) {
        return submitTo.orElse(smtp.listen());
    }
}
