package org.bayard.app.config;

import java.util.List;
import java.util.Optional;
import org.bayard.http.Account;

/**
 * The {@code http:} section: the HTTP API and moderation page of {@code bayard serve}. Absent
 * means no HTTP service. There is no default account: every user has a PBKDF2 password hash
 * ({@code bayard serve --hash-password}), and the section is refused without one.
 *
 * @param trustedProxies addresses whose Forwarded or X-Forwarded-For names the client (for the throttle) and whose proto= or X-Forwarded-Proto says https (the Secure cookie)
 * @param historyFile where the dashboard's hourly history is kept; empty for the default, beside the store
 * @param bodyStallSeconds how long a request body may send nothing before the request ends with 408
 * @param tlsCertFile the PEM certificate chain HTTPS presents (the server's first); empty: plain HTTP
 * @param tlsKeyFile the PEM file of its private key; empty: in {@code tlsCertFile}
 */
public record HttpConfig(String listen, List<Account> users, long maxBodyBytes, int maxConcurrent, List<String> trustedProxies,
                         String historyFile, int bodyStallSeconds, Optional<String> tlsCertFile, Optional<String> tlsKeyFile) {
    /** The values of the keys the section leaves out (there is none for users). */
    public static final String DEFAULT_LISTEN = "127.0.0.1:11334";
    public static final int DEFAULT_MAX_BODY_BYTES = 10_485_760;
    public static final int DEFAULT_MAX_CONCURRENT = 64;
    /** Past a request's 60 s a stall limit would never act; far past it, it would not fit the socket's timeout. */
    public static final int MAX_BODY_STALL_SECONDS = 3600;
    public static final int DEFAULT_BODY_STALL_SECONDS = (int) org.bayard.http.wire.Limits.DEFAULT_BODY_STALL.toSeconds();

    public HttpConfig {
        users = List.copyOf(users);
        trustedProxies = List.copyOf(trustedProxies);
        if (tlsKeyFile.isPresent() && tlsCertFile.isEmpty()) {
            throw new IllegalArgumentException("http.tls-key-file is set but http.tls-cert-file is not: HTTPS needs the certificate too");
        }
    }

    /** Plain HTTP. */
    public HttpConfig(String listen, List<Account> users, long maxBodyBytes, int maxConcurrent, List<String> trustedProxies,
                      String historyFile, int bodyStallSeconds) {
        this(listen, users, maxBodyBytes, maxConcurrent, trustedProxies, historyFile, bodyStallSeconds, Optional.empty(), Optional.empty());
    }

    public HttpConfig withListen(String listen) {
        return new HttpConfig(listen, users, maxBodyBytes, maxConcurrent, trustedProxies, historyFile, bodyStallSeconds, tlsCertFile,
                tlsKeyFile);
    }

    /** Whether the service speaks HTTPS. */
    public boolean https() {
        return tlsCertFile.isPresent();
    }
}
