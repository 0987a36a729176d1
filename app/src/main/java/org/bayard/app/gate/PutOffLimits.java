package org.bayard.app.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one gate's put-off journal holds, counted against its bounds: at most {@link #MAX_ENTRIES}
 * entries and {@link #MAX_BYTES} of messages. Apart from {@link PutOffJournal} so that the bounds
 * and the counting of entries in and out (kept, taken over, made, set aside) are in one place.
 */
final class PutOffLimits {
    static final int MAX_ENTRIES = PutOffWrites.MAX_PUT_OFF;
    static final long MAX_BYTES = 1L << 30;

    private final AtomicInteger entries = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final Map<Path, Long> sizes = new ConcurrentHashMap<>();

    /** Throws, naming the journal {@code where}, when one more entry of {@code size} bytes would pass the bounds. */
    void requireRoom(long size, Path where) throws IOException {
        if (entries.get() >= MAX_ENTRIES || bytes.get() + size > MAX_BYTES) {
            throw new IOException("the journal " + where + " is full (" + entries.get() + " entries, " + (bytes.get() >> 20) + " MiB)");
        }
    }

    /** Counts the entry {@code file}, whose message has {@code size} bytes. */
    void count(Path file, long size) {
        entries.incrementAndGet();
        bytes.addAndGet(size);
        sizes.put(file, size);
    }

    /** The entry {@code file} has left the journal (made or set aside); nothing when it was not counted. */
    void forget(Path file) {
        Long size = sizes.remove(file);
        if (size != null) {
            entries.decrementAndGet();
            bytes.addAndGet(-size);
        }
    }

    /** Entries counted and not yet forgotten. */
    int entries() {
        return entries.get();
    }
}
