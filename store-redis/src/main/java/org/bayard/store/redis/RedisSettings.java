package org.bayard.store.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the shared store lives and how long to wait for it.
 *
 * @param host the Redis server's name or address
 * @param port its port
 * @param password sent with AUTH when present (Redis' {@code requirepass})
 * @param database the numbered database to SELECT (0 unless the site shares one Redis between uses)
 * @param prefix what every key begins with, so several models can share one database
 * @param timeout how long connecting and each read may take before the store counts as unavailable
 * @param tls whether to speak TLS to it (Redis' tls-port), and whom to trust for its certificate
 */
public record RedisSettings(String host, int port, Optional<String> password, int database, String prefix, Duration timeout, Tls tls) {
    /**
     * TLS to Redis: off, or on with the certificate checked against the host as configured,
     * trusting the JVM's CAs or, with {@code caFile}, only the certificates in that PEM file.
     */
    public record Tls(boolean on, Optional<String> caFile) {
        public static final Tls OFF = new Tls(false, Optional.empty());

        public Tls {
            Objects.requireNonNull(caFile, "caFile");
            if (!on && caFile.isPresent()) throw new IllegalArgumentException("tls-ca-file is for TLS, and tls is false: set tls to true");
        }
    }

    public static final int DEFAULT_PORT = 6379;
    public static final String DEFAULT_PREFIX = "bayard";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public RedisSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tls, "tls");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
        if (database < 0) throw new IllegalArgumentException("database must be 0 or more, got " + database);
        if (prefix.isEmpty() || prefix.chars().anyMatch(c -> c == '{' || c == '}' || c <= ' ')) {
            throw new IllegalArgumentException("prefix must be a non-empty word without braces or spaces, got '" + prefix + "'");
        }
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }

    /** Without TLS. */
    public RedisSettings(String host, int port, Optional<String> password, int database, String prefix, Duration timeout) {
        this(host, port, password, database, prefix, timeout, Tls.OFF);
    }

    /** A local Redis with every default: for tests and the simplest sites. */
    public static RedisSettings local(int port) {
        return new RedisSettings("127.0.0.1", port, Optional.empty(), 0, DEFAULT_PREFIX, DEFAULT_TIMEOUT);
    }

    public RedisSettings withPrefix(String prefix) {
        return new RedisSettings(host, port, password, database, prefix, timeout, tls);
    }

    public RedisSettings withTls(Tls tls) {
        return new RedisSettings(host, port, password, database, prefix, timeout, tls);
    }

    /** {@code host:port}, an IPv6 host in brackets, as the configuration's {@code redis.address} takes it. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /** How a message names this store: host, port, database and prefix, never the password. */
    public String describe() {
        return "redis " + (tls.on() ? "(TLS) " : "") + address() + (database == 0 ? "" : " database " + database) + " prefix " + prefix;
    }
}
