package org.bayard.app.gate;

import java.io.IOException;
import org.bayard.smtp.MessageMemory;

/**
 * What the gate's scans under way may take of the heap at once, and what each takes. Apart from
 * the gate's judging because it is a budget shared by all sessions, sized from the message and its
 * recipients before anything is read: 200 messages of 1 MB ending together each copied and
 * tokenized their start at the same time and ran a 128 MB heap out.
 */
final class ScanMemory {
    /**
     * Heap a scan takes for each byte it reads, about: its copy of the message's start, the
     * tokenizer's decoded text and features, the new head.
     */
    private static final long SCAN_COST = 4;

    private final MessageMemory memory = MessageMemory.forHeap(Runtime.getRuntime().maxMemory());
    /** limits.max-scan-bytes: what a scan reads of a message at most. */
    private final long maxScanBytes;

    ScanMemory(long maxScanBytes) {
        this.maxScanBytes = maxScanBytes;
    }

    /**
     * What filtering a message of {@code size} bytes takes: what a scan reads of it, and for a
     * trap's mail ({@code learned}) as much again three times over: learning an attached message
     * holds its start, the start without our headers and what learning reads, each at most what a
     * scan reads (the rest streams from the spool). It was read whole once, so several large
     * reports to a trap learned side by side, or one larger than the heap, ran the heap out and
     * ended the gate.
     */
    long forFilter(long size, boolean learned) {
        long scanned = Math.min(size, maxScanBytes);
        return SCAN_COST * (learned ? 4 * scanned : scanned);
    }

    /** What an unscanned message takes: its header block, and what a trap learning it takes of a scan's start. */
    long forUnscanned(boolean learned) {
        return HeadRewrite.MAX_SEARCH + (learned ? SCAN_COST * maxScanBytes : 0);
    }

    /** Takes {@code bytes} of the scans' share of the heap, waiting for it at most {@code timeoutMillis} (the scan timeout). */
    void take(long bytes, long timeoutMillis) throws IOException {
        try {
            // a refusal the session answers 451 4.3.0, and the client sends again later
            if (!memory.take(bytes, timeoutMillis)) {
                throw new IOException("busy: the messages being scanned fill the memory for scans; try again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to scan", e);
        }
    }

    void give(long bytes) {
        memory.give(bytes);
    }
}
