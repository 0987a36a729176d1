package org.bayard.smtp;

import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue ids of one front door's messages: a prefix of the door's start, then a count. The ids
 * name the files of held mail, and doors share a quarantine (two gates beside one store, the SMTP
 * gate and the milter of one serve), so no two may ever give one id.
 */
public final class QueueIds {
    /** The last start time a door of this JVM took for its ids. */
    private static final AtomicLong LAST_START = new AtomicLong(Long.MIN_VALUE);

    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    public QueueIds(Clock clock) {
        this.prefix = prefix(clock);
    }

    /**
     * The door's start time in base 36 (one width for decades, so ids sort by it), then this
     * process's id. Two gates started in one millisecond named their messages alike, and the second
     * to hold one was refused (451) or, holding it at the same moment, could rename its file over
     * the other's item. The process id tells processes apart; doors of one JVM take distinct start times.
     */
    private static String prefix(Clock clock) {
        long start = LAST_START.accumulateAndGet(clock.millis(), (last, now) -> Math.max(last + 1, now));
        return (Long.toString(start, 36) + "-" + Long.toString(ProcessHandle.current().pid(), 36)).toUpperCase(Locale.ROOT);
    }

    public String next() {
        return prefix + "." + counter.incrementAndGet();
    }
}
