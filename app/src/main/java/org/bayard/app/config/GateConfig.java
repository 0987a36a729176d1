package org.bayard.app.config;

import java.util.List;
import java.util.Optional;

/**
 * The {@code smtp:} section: how {@code bayard serve} listens and where it relays.
 *
 * @param listen address:port we accept mail on
 * @param nextHop address:port of the after-filter MTA
 * @param quarantine spool directory; empty means next to the store ({@code DB-quarantine})
 */
public record GateConfig(String listen, String nextHop, String hostname, int maxLineLength, long maxMessageBytes,
                         int maxRecipients, int maxConnections, int maxConnectionsPerClient, int commandTimeoutSeconds,
                         int nextHopTimeoutSeconds, int memoryPerMessage, List<String> relayNetworks,
                         List<String> relayDomains, Optional<String> quarantine) {

    public static final GateConfig DEFAULTS = new GateConfig("127.0.0.1:10025", "127.0.0.1:10026", "localhost", 2048,
            10_485_760, 1000, 500, 50, 300, 60, 1_048_576, List.of("127.0.0.0/8", "::1/128"), List.of(), Optional.empty());

    public GateConfig {
        relayNetworks = List.copyOf(relayNetworks);
        relayDomains = List.copyOf(relayDomains);
    }
}
