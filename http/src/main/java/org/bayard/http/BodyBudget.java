package org.bayard.http;

/**
 * The bytes of request bodies the service keeps whole at once (a message to learn, unlearn or
 * forget), so that large ones side by side cannot run the heap out: each took its own copy, and
 * 16 learns of 10 MB at once ended a gate running in 128 MB. A body larger than the whole budget
 * may still be kept when no other is.
 */
final class BodyBudget {
    private final long total;
    private long taken;

    BodyBudget(long total) {
        this.total = total;
    }

    /** A quarter of the heap, and at least room for one body of the largest size allowed. */
    static BodyBudget forHeap(long maxHeap, long maxBodyBytes) {
        return new BodyBudget(Math.max(maxBodyBytes, maxHeap / 4));
    }

    /** Takes {@code bytes} of the budget if they fit (or nothing else is taken); false leaves it as it was. */
    synchronized boolean tryTake(long bytes) {
        if (taken > 0 && bytes > total - taken) return false;
        taken += bytes;
        return true;
    }

    synchronized void give(long bytes) {
        taken -= bytes;
    }
}
