package org.bayard.smtp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Heap that messages may take at once, shared by all sessions: while being received (each held in
 * memory up to {@code memory-per-message}, which alone let 200 sessions of 1 MB fill a 128 MB heap,
 * and serve, told to exit on OutOfMemoryError, took every session with it), or while being scanned.
 * Past it a message being received spills to the spool at once, as a larger one does, and a scan
 * waits for others to end.
 *
 * <p>A lock rather than a monitor: sessions run on virtual threads, which before Java 24 could not
 * wait on a monitor without holding their carrier thread, and the scans they wait for need one.
 */
public final class MessageMemory {
    /** No bound but memory-per-message: for a single session outside a server. */
    static final MessageMemory UNBOUNDED = new MessageMemory(Long.MAX_VALUE);

    private final long total;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition given = lock.newCondition();
    private long taken;

    public MessageMemory(long total) {
        this.total = total;
    }

    /**
     * An eighth of the heap: the rest is for each session's own buffers (about 16 KB while it
     * waits for a command, 35 KB while it receives and relays), the store's mirror, and the other
     * eighth (receiving, scanning).
     */
    public static MessageMemory forHeap(long maxHeap) {
        return new MessageMemory(maxHeap / 8);
    }

    /** Takes {@code bytes} if they fit; false leaves the budget as it was. */
    boolean tryTake(long bytes) {
        lock.lock();
        try {
            if (bytes > total - taken) return false;
            taken += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code bytes}, waiting up to {@code timeoutMillis} for others to give theirs back;
     * more than the whole budget is taken when nothing else is. False: not taken in time.
     */
    public boolean take(long bytes, long timeoutMillis) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (taken > 0 && bytes > total - taken) {
                if (left <= 0) return false;
                left = given.awaitNanos(left);
            }
            taken += bytes;
            return true;
        } finally {
            lock.unlock();
        }
    }

    public void give(long bytes) {
        lock.lock();
        try {
            taken -= bytes;
            given.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes taken now. */
    public long taken() {
        lock.lock();
        try {
            return taken;
        } finally {
            lock.unlock();
        }
    }
}
