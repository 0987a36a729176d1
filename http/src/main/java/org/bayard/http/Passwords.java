package org.bayard.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as stored in the configuration: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH}
 * (salt and hash in unpadded base64, hash 32 bytes), PBKDF2-HMAC-SHA256 from the JDK. Anything
 * else is malformed and the service refuses to start with it. Comparison is constant-time.
 */
public final class Passwords {
    public static final int DEFAULT_ITERATIONS = 310_000;
    private static final Pattern FORMAT = Pattern.compile("pbkdf2-sha256\\$([0-9]{4,7})\\$([A-Za-z0-9+/]{16,64})\\$([A-Za-z0-9+/]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derive(password, salt, iterations));
    }

    /** Throws {@link IllegalArgumentException} (never naming the hash) unless {@code stored} is a well-formed hash. */
    public static void validate(String stored) {
        var m = stored == null ? null : FORMAT.matcher(stored);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not a password hash of the form pbkdf2-sha256$ITERATIONS$SALT$HASH");
        }
        int it = Integer.parseInt(m.group(1));
        if (it < 10_000) throw new IllegalArgumentException("password hash has fewer than 10000 iterations");
        Base64.getDecoder().decode(m.group(2));
        if (Base64.getDecoder().decode(m.group(3)).length != 32) throw new IllegalArgumentException("password hash is not 32 bytes");
    }

    public static boolean verify(String stored, char[] password) {
        var m = FORMAT.matcher(stored);
        if (!m.matches()) return false;
        byte[] salt = Base64.getDecoder().decode(m.group(2));
        byte[] want = Base64.getDecoder().decode(m.group(3));
        byte[] got = derive(password, salt, Integer.parseInt(m.group(1)));
        return MessageDigest.isEqual(want, got);
    }

    /** Constant-time equality of two strings' UTF-8 bytes (for CSRF and session tokens). */
    public static boolean same(String a, String b) {
        if (a == null || b == null) return false;
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        } finally {
            spec.clearPassword();
        }
    }

    /** A random URL-safe token of 32 bytes. */
    public static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static void wipe(char[] c) {
        Arrays.fill(c, '\0');
    }
}
