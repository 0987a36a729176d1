package org.bayard.app.gate;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bayard.core.train.ContentDigest;

/**
 * The unsure delay: an unsure message is refused with a 4xx the first time it is seen, and held
 * when the same client sends the same message again after the minimum delay. A sender that never
 * retries (much bulk spam) goes away; a real MTA retries, and by then the store may have learned
 * enough to decide. A message is "the same" when client network, sender, recipients and content
 * agree. The network, not the address: a large provider retries from another machine of the same
 * farm, so, as postgrey does by default, IPv4 clients are compared by their /24 and IPv6 ones by
 * their /64. Kept in memory (a restart only costs one more retry), bounded, entries forgotten after a day.
 */
public final class UnsureDelay {
    private static final int MAX_ENTRIES = 100_000;
    private static final Duration FORGET_AFTER = Duration.ofDays(1);
    /** The longest delay a retry can meet: a longer one found every first attempt forgotten, and refused unsure mail for ever. */
    public static final int MAX_DELAY_SECONDS = (int) FORGET_AFTER.toSeconds() - 1;

    private final Duration minimum;
    private final Clock clock;
    private final Map<String, Instant> firstSeen = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    UnsureDelay(Duration minimum, Clock clock) {
        this.minimum = minimum;
        this.clock = clock;
    }

    /** True when this is a retry after the minimum delay (hold it); false to refuse it for now. */
    boolean retriedInTime(InetAddress client, String sender, List<String> recipients, byte[] content) {
        // the digest reads the whole message: computed before the lock, which every unsure message takes
        return retriedInTime(key(client, sender, recipients, content));
    }

    private synchronized boolean retriedInTime(String key) {
        Instant now = clock.instant();
        Instant first = firstSeen.get(key);
        // a first sight in the future: the clock was stepped back since (NTP), and counting from
        // it refused every retry until the clock caught up, days perhaps, after the sender gave up
        if (first == null || first.plus(FORGET_AFTER).isBefore(now) || first.isAfter(now)) {
            firstSeen.put(key, now);
            return false;
        }
        if (Duration.between(first, now).compareTo(minimum) < 0) return false;
        firstSeen.remove(key);
        return true;
    }

    /** The client's /24 (IPv4) or /64 (IPv6): the part of its address a retry keeps. */
    static byte[] network(InetAddress client) {
        byte[] a = client.getAddress();
        return Arrays.copyOf(a, a.length == 4 ? 3 : 8);
    }

    private static String key(InetAddress client, String sender, List<String> recipients, byte[] content) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(network(client));
            d.update(("\0" + sender + "\0" + String.join(",", recipients) + "\0").getBytes(StandardCharsets.UTF_8));
            // the message as learning identifies it, Received fields aside: Postfix in front
            // (smtpd_proxy_filter) prepends a new one, with its own queue id and time, to every
            // attempt, and with them a retry never matched
            d.update(ContentDigest.identify(content).digest().toBytes());
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
