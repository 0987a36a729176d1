package org.bayard.http.wire;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections may be open at once, in all and from one address. Each open connection
 * costs heap (buffers, the head being read) and a file descriptor the SMTP gate and the store
 * also need; without a cap, thousands of connections that each sent a byte ran a 128 MB heap out.
 * Addresses in {@code exempt} (trusted proxies, whose connections carry many clients; in the form
 * {@link InetAddress#getHostAddress()} gives) count only towards the total.
 */
final class ConnectionCaps {
    static final ConnectionCaps NONE = new ConnectionCaps(Integer.MAX_VALUE, Integer.MAX_VALUE, Set.of());

    private final int total;
    private final int perClient;
    private final Set<String> exempt;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<InetAddress, Integer> byClient = new ConcurrentHashMap<>();

    ConnectionCaps(int total, int perClient, Set<String> exempt) {
        if (total < 1 || perClient < 1) throw new IllegalArgumentException("http: connection limits must be at least 1");
        this.total = total;
        this.perClient = perClient;
        this.exempt = Set.copyOf(exempt);
    }

    /**
     * Counts a new connection from {@code client} in, or says why it may not open: null when it
     * may (then {@link #closed} must follow), else the refusal's words.
     */
    String admit(InetAddress client) {
        if (open.incrementAndGet() > total) {
            open.decrementAndGet();
            return "too many connections; try again";
        }
        if (exempt.contains(client.getHostAddress())) return null;
        if (byClient.merge(client, 1, Integer::sum) > perClient) {
            release(client);
            open.decrementAndGet();
            return "too many connections from your address; try again";
        }
        return null;
    }

    /** Whether {@code open} connections are four fifths of the total allowed or more. */
    boolean crowded(int open) {
        return total != Integer.MAX_VALUE && open >= total - total / 5;
    }

    /** A connection {@link #admit} let in has closed. */
    void closed(InetAddress client) {
        if (!exempt.contains(client.getHostAddress())) release(client);
        open.decrementAndGet();
    }

    private void release(InetAddress client) {
        byClient.computeIfPresent(client, (k, n) -> n == 1 ? null : n - 1);
    }
}
