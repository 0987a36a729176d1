package org.bayard.app.config;

/**
 * The {@code spamd:} section: SpamAssassin's spamc/spamd protocol served by {@code bayard serve},
 * for spamc and Exim's {@code spam =} condition. Absent means no spamd door.
 *
 * @param listen where it listens; spamc and Exim ask 127.0.0.1:783 unless told otherwise
 * @param maxConnections requests served at once (spamd's {@code --max-children} is 5)
 * @param allowTell whether {@code spamc -L} may learn and forget (spamd's {@code --allow-tell}); off by default, as there
 */
public record SpamdConfig(String listen, int maxConnections, boolean allowTell) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:783";
    public static final int DEFAULT_MAX_CONNECTIONS = 16;
    public static final SpamdConfig DEFAULTS = new SpamdConfig(DEFAULT_LISTEN, DEFAULT_MAX_CONNECTIONS, false);
}
