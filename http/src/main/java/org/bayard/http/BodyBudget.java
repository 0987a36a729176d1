package org.bayard.http;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The bytes of request bodies the service keeps whole at once (a message to check, learn, unlearn
 * or forget), so that large ones side by side cannot run the heap out: each took its own copy, and
 * 16 learns of 10 MB at once ended a gate running in 128 MB. A body larger than the whole budget
 * may still be kept when no other is.
 *
 * <p>Bodies take their share as they arrive ({@link ArrivingBody}), so several may each hold a
 * part when the budget runs out. Each then waits for others to give theirs back; when every
 * holder is waiting, none would, so the one holding least gives up (its request gets 503) and the
 * others go on. Refusing every body that asked while the budget was full refused all 16 learns
 * of 10 MB sent side by side, none being whole.
 */
final class BodyBudget {
    private final long total;
    private long taken;
    /** What each body holds now. */
    private final Map<Object, Long> holders = new HashMap<>();
    private final Set<Object> waiting = new HashSet<>();

    BodyBudget(long total) {
        this.total = total;
    }

    /** A quarter of the heap, and at least room for one body of the largest size allowed. */
    static BodyBudget forHeap(long maxHeap, long maxBodyBytes) {
        return new BodyBudget(Math.max(maxBodyBytes, maxHeap / 4));
    }

    /**
     * Takes {@code bytes} more for {@code holder}, once they fit beside what others hold (or
     * others hold nothing), waiting up to {@code waitMillis} for them to give theirs back.
     *
     * @return false, with nothing taken, when the wait ran out, or when every holder was waiting
     *     and this one held least of them
     */
    synchronized boolean take(Object holder, long bytes, long waitMillis) throws InterruptedException {
        long end = System.nanoTime() + waitMillis * 1_000_000;
        waiting.add(holder);
        notifyAll(); // the others may now all be waiting: one of them is to give up
        try {
            for (;;) {
                long mine = holders.getOrDefault(holder, 0L);
                long others = taken - mine;
                if (others <= 0 || bytes <= total - taken) {
                    taken += bytes;
                    holders.put(holder, mine + bytes);
                    return true;
                }
                long left = (end - System.nanoTime()) / 1_000_000;
                if (left <= 0 || givesUp(holder, mine)) return false;
                wait(left);
            }
        } finally {
            waiting.remove(holder);
        }
    }

    /** Every holder waits, none will give back: the one holding least gives up. */
    private boolean givesUp(Object holder, long mine) {
        if (!waiting.containsAll(holders.keySet())) return false;
        for (Map.Entry<Object, Long> h : holders.entrySet()) {
            if (h.getKey() == holder) continue;
            long theirs = h.getValue();
            // among equals one gives up, not all of them
            if (theirs < mine || (theirs == mine && System.identityHashCode(h.getKey()) < System.identityHashCode(holder))) return false;
        }
        return true;
    }

    /** The budget's size in bytes. */
    long total() {
        return total;
    }

    /** What the bodies arriving or being worked on hold of it now. */
    synchronized long held() {
        return taken;
    }

    /** Gives back everything {@code holder} took with {@link #take}. */
    synchronized void release(Object holder) {
        Long held = holders.remove(holder);
        if (held != null) taken -= held;
        notifyAll();
    }

    /** Gives back {@code bytes} of what {@code holder} took with {@link #take}. */
    synchronized void release(Object holder, long bytes) {
        long held = holders.getOrDefault(holder, 0L) - bytes;
        if (held > 0) holders.put(holder, held);
        else holders.remove(holder);
        taken -= bytes;
        notifyAll();
    }
}
