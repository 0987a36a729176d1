package org.bayard.store.redis;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
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
 * @param tls whether to speak TLS to it (Redis' tls-port), whom to trust for its certificate, and the certificate this
 *     node shows when Redis asks for one (tls-auth-clients yes)
 * @param sentinels the Redis Sentinels that name the master to use, {@link Sentinels#NONE} when
 *     {@code host} and {@code port} name it; with sentinels, host and port are not used
 */
public record RedisSettings(String host, int port, Optional<String> password, int database, String prefix, Duration timeout, Tls tls,
                            Sentinels sentinels) {
    /**
     * Redis Sentinel: the store's master is the one these sentinels name {@code master}, asked again
     * whenever the master cannot be had (a failover moves it). TLS, when on, is spoken to them too.
     *
     * @param addresses the sentinels, asked in turn until one answers (unresolved host and port)
     * @param master the name the sentinels monitor the master under ({@code sentinel monitor NAME ...})
     * @param password sent with AUTH to the sentinels (their requirepass), apart from the master's
     */
    public record Sentinels(List<InetSocketAddress> addresses, String master, Optional<String> password) {
        public static final Sentinels NONE = new Sentinels(List.of(), "", Optional.empty());

        public Sentinels {
            addresses = List.copyOf(addresses);
            Objects.requireNonNull(master, "master");
            Objects.requireNonNull(password, "password");
            if (!addresses.isEmpty() && master.isBlank()) throw new IllegalArgumentException("sentinel-master is missing: the name the sentinels monitor the master under");
            if (addresses.isEmpty() && !master.isEmpty()) throw new IllegalArgumentException("sentinel-master is set but no sentinels are named");
            if (addresses.isEmpty() && password.isPresent()) throw new IllegalArgumentException("sentinel-password is set but no sentinels are named");
        }

        public boolean on() {
            return !addresses.isEmpty();
        }

        /** Each sentinel as {@code host:port}, an IPv6 host in brackets, as the configuration's redis.sentinels takes them. */
        public List<String> hostPorts() {
            return addresses.stream().map(a -> RedisSettings.hostPort(a.getHostString(), a.getPort())).toList();
        }

        /** {@code host:port, host:port}, as a message names them. */
        public String list() {
            return String.join(", ", hostPorts());
        }
    }

    /**
     * TLS to Redis: off, or on with the certificate checked against the host as configured,
     * trusting the JVM's CAs or, with {@code caFile}, only the certificates in that PEM file.
     */
    public record Tls(boolean on, Optional<String> caFile, Optional<String> certFile, Optional<String> keyFile) {
        public static final Tls OFF = new Tls(false, Optional.empty());

        public Tls {
            Objects.requireNonNull(caFile, "caFile");
            Objects.requireNonNull(certFile, "certFile");
            Objects.requireNonNull(keyFile, "keyFile");
            if (!on && caFile.isPresent()) throw new IllegalArgumentException("tls-ca-file is for TLS, and tls is false: set tls to true");
            if (!on && certFile.isPresent()) throw new IllegalArgumentException("tls-cert-file is for TLS, and tls is false: set tls to true");
            if (keyFile.isPresent() && certFile.isEmpty()) {
                throw new IllegalArgumentException("tls-key-file is the key of tls-cert-file's certificate, and tls-cert-file is not set");
            }
        }

        /** No client certificate: for a Redis with tls-auth-clients no. */
        public Tls(boolean on, Optional<String> caFile) {
            this(on, caFile, Optional.empty(), Optional.empty());
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
        Objects.requireNonNull(sentinels, "sentinels");
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

    /** Without sentinels: the master is at {@code host} and {@code port}. */
    public RedisSettings(String host, int port, Optional<String> password, int database, String prefix, Duration timeout, Tls tls) {
        this(host, port, password, database, prefix, timeout, tls, Sentinels.NONE);
    }

    /** A local Redis with every default: for tests and the simplest sites. */
    public static RedisSettings local(int port) {
        return new RedisSettings("127.0.0.1", port, Optional.empty(), 0, DEFAULT_PREFIX, DEFAULT_TIMEOUT);
    }

    public RedisSettings withPrefix(String prefix) {
        return new RedisSettings(host, port, password, database, prefix, timeout, tls, sentinels);
    }

    public RedisSettings withTls(Tls tls) {
        return new RedisSettings(host, port, password, database, prefix, timeout, tls, sentinels);
    }

    /** The master as {@code sentinels} name it, instead of at host and port. */
    public RedisSettings withSentinels(Sentinels sentinels) {
        return new RedisSettings(host, port, password, database, prefix, timeout, tls, sentinels);
    }

    /** {@code host:port}, an IPv6 host in brackets, as the configuration's {@code redis.address} takes it. */
    public String address() {
        return hostPort(host, port);
    }

    static String hostPort(String host, int port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    /**
     * How a message names this store: where (the address, or the master's name and its sentinels),
     * database and prefix, never a password.
     */
    public String describe() {
        String where = sentinels.on() ? "master " + sentinels.master() + " (sentinels " + sentinels.list() + ")" : address();
        return "redis " + (tls.on() ? "(TLS) " : "") + where + (database == 0 ? "" : " database " + database) + " prefix " + prefix;
    }
}
