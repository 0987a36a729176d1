package org.bayard.net;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The connections a door has open, which its stop waits on and then closes: a stop lets the work
 * in hand finish for a while (the drain time), and whatever is still open after it is cut, so that
 * a stop never waits on a client.
 */
public final class OpenLinks {
    private static final long LOOK_MILLIS = 20;

    private final Set<Link> links = ConcurrentHashMap.newKeySet();

    public void add(Link link) {
        links.add(link);
    }

    /** Closes {@code link}, whatever its client does, and forgets it. */
    public void close(Link link) {
        closeQuietly(link);
        links.remove(link);
    }

    public int size() {
        return links.size();
    }

    public boolean isEmpty() {
        return links.isEmpty();
    }

    /** Waits until {@code settled} or for {@code drainTime}, whichever comes first, then closes every link still open. */
    public void closeAfter(Duration drainTime, BooleanSupplier settled) {
        long deadline = System.nanoTime() + drainTime.toNanos();
        while (!settled.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(LOOK_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Link link : links) closeQuietly(link);
    }

    private static void closeQuietly(Link link) {
        try {
            link.close();
        } catch (IOException e) {
            // closing what is closing anyway
        }
    }
}
