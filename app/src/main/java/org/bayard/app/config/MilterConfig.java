package org.bayard.app.config;

import org.bayard.net.ListenAddress;

/**
 * The {@code milter:} section: the milter protocol served by {@code bayard serve}, for Postfix's
 * {@code smtpd_milters} and Sendmail's {@code INPUT_MAIL_FILTER}. Absent means no milter door.
 *
 * @param listen where it listens (Rspamd's milter port by default), as written: HOST:PORT or a Unix socket ({@link DoorAddress})
 * @param maxConnections MTA connections at once: Postfix opens one per SMTP session, up to its smtpd process limit (100)
 * @param socketMode a Unix socket's permissions
 */
public record MilterConfig(String listen, int maxConnections, int socketMode) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:11332";
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    public static final MilterConfig DEFAULTS = new MilterConfig(DEFAULT_LISTEN, DEFAULT_MAX_CONNECTIONS);

    public MilterConfig(String listen, int maxConnections) {
        this(listen, maxConnections, DoorAddress.DEFAULT_SOCKET_MODE);
    }

    /** Where it listens, parsed (checked when the file was read). */
    public ListenAddress address() {
        return DoorAddress.parse(listen, socketMode, "milter.listen");
    }
}
