package org.bayard.app.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bayard.store.redis.RedisSettings;

/**
 * The {@code redis:} section: when it is there, the token store is in that Redis, shared with
 * every node that names the same one, instead of the LMDB store in {@code db} (which then holds
 * only this node's own files: quarantine, blocklist, journals). An empty {@code redis:} takes
 * every default: a Redis on 127.0.0.1:6379.
 */
final class RedisSection {
    static final String DEFAULT_ADDRESS = "127.0.0.1:" + RedisSettings.DEFAULT_PORT;
    static final int DEFAULT_TIMEOUT_MS = (int) RedisSettings.DEFAULT_TIMEOUT.toMillis();

    private RedisSection() {}

    static Optional<RedisSettings> read(ConfigSection top) {
        if (!top.node().has("redis")) return Optional.empty();
        ConfigSection s = top.section("redis");
        s.allow();
        InetSocketAddress address = s.address("address", DEFAULT_ADDRESS);
        if (address.getPort() == 0) throw new ConfigException(s.origin() + ": redis.address needs the server's port, not 0");
        List<InetSocketAddress> sentinels = new ArrayList<>();
        for (String sentinel : s.strings("sentinels", List.of())) {
            InetSocketAddress a;
            try {
                a = HostPort.unresolved(sentinel, "redis.sentinels");
            } catch (ConfigException e) {
                throw new ConfigException(s.origin() + ": " + e.getMessage());
            }
            if (a.getPort() == 0) throw new ConfigException(s.origin() + ": redis.sentinels needs each sentinel's port (26379 by default), not 0");
            sentinels.add(a);
        }
        if (!sentinels.isEmpty() && s.given("address")) {
            throw new ConfigException(s.origin() + ": redis.address and redis.sentinels both say where the master is: with sentinels,"
                    + " leave address out (they name the master, and name the new one after a failover)");
        }
        try {
            RedisSettings settings = new RedisSettings(address.getHostString(), address.getPort(), s.string("password"),
                    s.integer("database", 0, 0), s.string("prefix").orElse(RedisSettings.DEFAULT_PREFIX),
                    Duration.ofMillis(s.integer("timeout-ms", DEFAULT_TIMEOUT_MS, 1, 600_000)),
                    new RedisSettings.Tls(s.bool("tls", false), s.path("tls-ca-file"), s.path("tls-cert-file"), s.path("tls-key-file")));
            return Optional.of(settings.withSentinels(new RedisSettings.Sentinels(sentinels, s.string("sentinel-master").orElse(""),
                    s.string("sentinel-password"))));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.origin() + ": redis." + e.getMessage());
        }
    }
}
