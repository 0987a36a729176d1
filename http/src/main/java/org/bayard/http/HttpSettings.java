package org.bayard.http;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * How the HTTP service listens and whom it lets in.
 *
 * @param maxBodyBytes largest request body (a message to check or learn); more gets 413 before it is read
 * @param maxHeaderBytes largest request header block; more gets 431 (and a request line over 16 KB gets 414)
 * @param maxConcurrent requests worked on at once (not while a body arrives or an answer is sent); the next gets 503
 * @param failuresBeforeLockout wrong credentials from one client before it gets 429
 * @param trustedProxies addresses whose Forwarded, X-Forwarded-For and X-Forwarded-Proto are believed; from anyone else they are ignored
 * @param bodyStall how long a request body may send nothing before the request ends with 408
 * @param responseTime how long an answer may take to send once it began; past it the connection
 *     closes, cutting it (a client too slow with a large download, or reading none of it)
 * @param drainTimes how long a stop waits for what is under way
 * @param tls the server's certificate and key when it speaks HTTPS (TLS from a connection's first byte); empty: plain HTTP
 */
public record HttpSettings(InetSocketAddress listen, List<Account> accounts, long maxBodyBytes, int maxHeaderBytes,
                           int maxConcurrent, int failuresBeforeLockout, Duration lockout, Duration sessionIdle,
                           Set<String> trustedProxies, Duration bodyStall, Duration responseTime, DrainTimes drainTimes,
                           Optional<Https> tls) {
    /**
     * HTTPS: the context its connections are made with, when its certificate expires (for /metrics
     * and /health), and the certificate in words for serve's start line ({@code CN=..., valid until ...}).
     */
    public record Https(SSLContext context, java.time.Instant expires, String described) {}

    public HttpSettings {
        accounts = List.copyOf(accounts);
        trustedProxies = Set.copyOf(trustedProxies);
        checkAccounts(accounts);
    }

    /** Plain HTTP. */
    public HttpSettings(InetSocketAddress listen, List<Account> accounts, long maxBodyBytes, int maxHeaderBytes,
                        int maxConcurrent, int failuresBeforeLockout, Duration lockout, Duration sessionIdle,
                        Set<String> trustedProxies, Duration bodyStall, Duration responseTime, DrainTimes drainTimes) {
        this(listen, accounts, maxBodyBytes, maxHeaderBytes, maxConcurrent, failuresBeforeLockout, lockout, sessionIdle, trustedProxies,
                bodyStall, responseTime, drainTimes, Optional.empty());
    }

    /** Refuses what no service may run with: no account at all, or two with one name. */
    public static void checkAccounts(List<Account> accounts) {
        if (accounts.isEmpty()) {
            // fail closed: there is no built-in account or default password, on loopback or not
            throw new IllegalArgumentException("http: no users configured; add one with a password hash (bayard serve --hash-password)");
        }
        if (accounts.stream().map(Account::name).distinct().count() != accounts.size()) {
            throw new IllegalArgumentException("http: duplicate user names");
        }
    }

    public static HttpSettings of(InetSocketAddress listen, List<Account> accounts) {
        return new HttpSettings(listen, accounts, 10L << 20, 32 * 1024, 64, 10, Duration.ofMinutes(5), Duration.ofHours(8), Set.of(),
                org.bayard.http.wire.Limits.DEFAULT_BODY_STALL, org.bayard.http.wire.Limits.DEFAULT_RESPONSE_TIME, DrainTimes.DEFAULT);
    }

    public HttpSettings withLimits(long maxBody, int maxConcurrent) {
        return new HttpSettings(listen, accounts, maxBody, maxHeaderBytes, maxConcurrent, failuresBeforeLockout, lockout, sessionIdle,
                trustedProxies, bodyStall, responseTime, drainTimes, tls);
    }

    public HttpSettings withDrainTimes(DrainTimes next) {
        return new HttpSettings(listen, accounts, maxBodyBytes, maxHeaderBytes, maxConcurrent, failuresBeforeLockout, lockout, sessionIdle,
                trustedProxies, bodyStall, responseTime, next, tls);
    }

    public HttpSettings withResponseTime(Duration next) {
        return new HttpSettings(listen, accounts, maxBodyBytes, maxHeaderBytes, maxConcurrent, failuresBeforeLockout, lockout, sessionIdle,
                trustedProxies, bodyStall, next, drainTimes, tls);
    }

    /** These settings, speaking HTTPS with {@code https}'s certificate. */
    public HttpSettings withTls(Https https) {
        return new HttpSettings(listen, accounts, maxBodyBytes, maxHeaderBytes, maxConcurrent, failuresBeforeLockout, lockout, sessionIdle,
                trustedProxies, bodyStall, responseTime, drainTimes, Optional.of(https));
    }
}
