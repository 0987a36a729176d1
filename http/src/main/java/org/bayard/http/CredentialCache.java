package org.bayard.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials checked lately and found right, so that a client sending the same ones with every
 * request pays PBKDF2 once per {@link #TTL} and not once per request: rspamc posts each message
 * to /checkv2 with its {@code -P} password, which cost one 310,000-iteration PBKDF2 per configured
 * account (0.2 to 2 s each on two cores), so a mail server got a few messages a second through.
 *
 * <p>What is kept: HMAC-SHA-256, under a random key made here and never written anywhere, of
 * the way the credential came (Basic or the login form with its user name, or the Password
 * header) and the password, mapped to the account it opened. Never the password. (Whoever can
 * read this process's memory has the key too, and could try guesses against an entry at HMAC
 * speed rather than PBKDF2's; but they could as well read passwords off requests as they come.)
 * Wrong passwords are not kept at all, so a guess costs its full PBKDF2 and counts towards the
 * lockout as before; only a caller that already has a right password gets the cheap path. An
 * entry answers only while its account is configured exactly as it was (same hash, role, scope),
 * and {@link #clear} drops them all when the accounts are reloaded. At most {@link #MAX_ENTRIES},
 * the least lately used going first: right credentials are a few per account, so the bound only
 * matters against a bug.
 *
 * <p>Requests that come at once with one credential not remembered yet share one check: a busy
 * mail server sends its scans side by side, and after a start, a reload or the {@link #TTL}
 * each ran its own PBKDF2s (with max-concurrent 64 and three accounts, 192 at once, minutes of
 * both cores). Those waiting take the result, right or wrong, of the check under way; nothing of
 * it is kept once it is done unless it was right.
 */
final class CredentialCache {
    static final Duration TTL = Duration.ofMinutes(15);
    static final int MAX_ENTRIES = 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a credential was sent: one password is a different key by each way. */
    enum Via { BASIC, PASSWORD_HEADER }

    private record Checked(Account account, Instant expires) {}

    /** A check under way, against this list of accounts. */
    private record Pending(List<Account> against, CompletableFuture<Optional<Account>> result) {}

    private final Clock clock;
    private final SecretKeySpec key;
    /** In access order, so that the eldest is the least lately used. */
    private final Map<String, Checked> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    CredentialCache(Clock clock) {
        this.clock = clock;
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        this.key = new SecretKeySpec(k, "HmacSHA256");
        Arrays.fill(k, (byte) 0);
    }

    /**
     * The key of a credential: the user name is length-prefixed, so that no other split of the
     * same bytes into name and password is the same key ({@code user} is "" for the header).
     */
    String key(Via via, String user, char[] password) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((byte) via.ordinal());
            mac.update(ByteBuffer.allocate(4).putInt(name.length).array());
            mac.update(name);
            mac.update(pw.duplicate());
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        } finally {
            if (pw.hasArray()) Arrays.fill(pw.array(), (byte) 0);
        }
    }

    /**
     * The account this credential opens among {@code current}: remembered, or from the check
     * under way for it, or else from {@code expensive} (the PBKDF2s), remembered when right.
     */
    Optional<Account> check(Via via, String user, char[] password, List<Account> current, Supplier<Optional<Account>> expensive) {
        String k = key(via, user, password);
        Optional<Account> known = find(k, current);
        if (known.isPresent()) return known;
        Pending mine = new Pending(current, new CompletableFuture<>());
        Pending other = pending.putIfAbsent(k, mine);
        if (other != null && other.against() == current) {
            try {
                return other.result().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        if (other != null) return rememberedIfRight(k, expensive.get()); // one begun before a reload is not waited for
        try {
            // one that finished between the lookup above and putIfAbsent has remembered its answer by now
            Optional<Account> found = find(k, current);
            if (found.isEmpty()) found = rememberedIfRight(k, expensive.get());
            mine.result().complete(found);
            return found;
        } catch (RuntimeException e) {
            mine.result().completeExceptionally(e);
            throw e;
        } finally {
            pending.remove(k, mine);
        }
    }

    private Optional<Account> rememberedIfRight(String key, Optional<Account> found) {
        found.ifPresent(a -> remember(key, a));
        return found;
    }

    /** The account this credential opened, while it has not expired and the account is among {@code current} as it was. */
    Optional<Account> find(String key, List<Account> current) {
        Instant now = clock.instant();
        synchronized (entries) {
            Checked e = entries.get(key);
            if (e == null) return Optional.empty();
            if (!now.isBefore(e.expires()) || !current.contains(e.account())) {
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.of(e.account());
        }
    }

    /** Keeps a credential just checked the expensive way and found right, for {@link #TTL}. */
    void remember(String key, Account account) {
        Instant expires = clock.instant().plus(TTL);
        synchronized (entries) {
            entries.put(key, new Checked(account, expires));
        }
    }

    /** Forgets everything: the accounts were replaced. */
    void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
