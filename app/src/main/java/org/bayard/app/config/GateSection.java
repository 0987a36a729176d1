package org.bayard.app.config;

/**
 * The {@code smtp:} section, the gate's settings, with the checks that need more than one key
 * (a blocklist after the queue) or another part's parser (addresses, relay networks): each
 * error names the file and the key.
 */
final class GateSection {
    /**
     * A socket waits at most Integer.MAX_VALUE milliseconds: a longer timeout wrapped around when
     * converted (4294968 s became 704 ms) or made every connection fail.
     */
    private static final int MAX_SOCKET_TIMEOUT_SECONDS = Integer.MAX_VALUE / 1000;

    private GateSection() {}

    static GateConfig read(ConfigSection gs) {
        GateConfig g = GateConfig.DEFAULTS;
        g = new GateConfig(
                gs.string("listen").orElse(g.listen()),
                gs.string("next-hop").orElse(g.nextHop()),
                gs.string("hostname").orElse(g.hostname()),
                gs.integer("max-line-length", g.maxLineLength(), 512),
                gs.integer("max-message-bytes", (int) g.maxMessageBytes(), 1024),
                gs.integer("max-recipients", g.maxRecipients(), 1),
                gs.integer("max-connections", g.maxConnections(), 1),
                gs.integer("max-connections-per-client", g.maxConnectionsPerClient(), 1),
                gs.integer("command-timeout-seconds", g.commandTimeoutSeconds(), 1, MAX_SOCKET_TIMEOUT_SECONDS),
                gs.integer("next-hop-timeout-seconds", g.nextHopTimeoutSeconds(), 1, MAX_SOCKET_TIMEOUT_SECONDS),
                gs.integer("memory-per-message", g.memoryPerMessage(), 0),
                gs.strings("relay-networks", g.relayNetworks()),
                gs.strings("relay-domains", g.relayDomains()),
                gs.path("quarantine"),
                gs.path("bypass-file"),
                gs.strings("spam-traps", g.spamTraps()),
                gs.strings("ham-traps", g.hamTraps()),
                gs.number("blocklist-hours", g.blocklistHours()),
                gs.bool("harvest", g.harvest()),
                gs.path("harvest-dir"),
                gs.path("harvest-flag-file"),
                gs.integer("unsure-delay-seconds", g.unsureDelaySeconds()),
                gs.integer("scan-timeout-ms", g.scanTimeoutMillis()),
                gs.integer("min-free-mb", g.minFreeMb(), 0),
                gs.string("mode").orElse(g.mode()),
                gs.string("after-queue-spam").orElse(g.afterQueueSpam()),
                gs.integer("stop-timeout-seconds", g.stopTimeoutSeconds(), StopTimeout.MIN_SECONDS, StopTimeout.MAX_SECONDS),
                new GateTls(gs.path("tls-cert-file"), gs.path("tls-key-file"), gs.string("tls-security-level").orElse(GateTls.MAY),
                        gs.string("next-hop-tls").orElse(GateTls.NONE),
                        gs.path("next-hop-tls-ca-file"), gs.path("next-hop-tls-cert-file"), gs.path("next-hop-tls-key-file")));
        // the default (3 hours) is simply not used after the queue; one written in the file is a mistake to name
        if (g.afterQueue() && g.blocklistHours() != 0 && gs.given("blocklist-hours")) {
            throw new ConfigException(gs.origin() + ": smtp.blocklist-hours cannot be used with smtp.mode after-queue: the client"
                    + " is Postfix, which bounces a refused recipient to the (usually forged) sender; leave it out or set it to 0");
        }
        try {
            HostPort.parse(g.listen(), "smtp.listen");
            HostPort.parse(g.nextHop(), "smtp.next-hop");
        } catch (ConfigException e) {
            throw new ConfigException(gs.origin() + ": " + e.getMessage());
        }
        RelayDomains.check(gs.origin(), g.relayDomains());
        try {
            new org.bayard.smtp.RelayPolicy(g.relayNetworks(), g.relayDomains());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(gs.origin() + ": smtp.relay-networks: " + e.getMessage());
        }
        return g;
    }
}
