package org.bayard.smtp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When a session began waiting for its next command, shared between the session's thread and the
 * server's, which cuts off the sessions idle longest while it is nearly full. One atomic holds the
 * moment ({@link System#nanoTime}, made odd), 0 while the session does anything else, or {@link
 * #CUT} once the server cut it off, so that a command that arrives just as the session is cut off
 * is either run or refused, never both. It exists so the session's loop reads as begin to wait,
 * read, and check that it was not cut off.
 */
final class CommandWait {
    private static final long CUT = Long.MIN_VALUE;

    private final AtomicLong waitingSince = new AtomicLong();

    /** The session begins waiting for a command; the mark to hand to {@link #end}. */
    long begin() {
        long since = System.nanoTime() | 1; // odd, so never 0 nor CUT
        waitingSince.set(since);
        return since;
    }

    /** The session's wait begun at {@code since} is over: false when it was cut off meanwhile. */
    boolean end(long since) {
        return waitingSince.compareAndSet(since, 0);
    }

    /**
     * Marks the session cut off when it has been waiting for a command for longer than {@code
     * nanos} at {@code now}; true if so. A session that got its command first is left alone.
     */
    boolean cutIfLongerThan(long nanos, long now) {
        long since = waitingSince.get();
        return since != 0 && since != CUT && now - since > nanos && waitingSince.compareAndSet(since, CUT);
    }
}
