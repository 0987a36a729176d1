package org.bayard.app.gate;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the writes a gate that died (kill -9, the OOM killer, a power cut) had put off and
 * journaled ({@link PutOffJournal}), as a gate starts: one after another on a thread of their own
 * for each lock they wait for (the store's, the blocklist's), so that the start does not wait for
 * a lock another process may still hold, nor the blocklist for the store's, and so that a journal
 * of many entries does not hold many messages in the heap at once. Each is said in the
 * log ({@code write-replayed}), then {@code write-done}, or is set aside ({@code write-set-aside})
 * when it cannot be made. Those not made when the gate stops stay in the journal for the next start.
 */
final class PutOffReplay {
    /** Makes one entry's write; what came of it, for the log. */
    interface Maker {
        String make(PutOffJournal.Left entry) throws IOException;
    }

    private final PutOffJournal journal;
    private final DecisionLog log;
    private volatile boolean stopping;
    /** Entries taken over and not yet made or set aside. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();

    PutOffReplay(PutOffJournal journal, DecisionLog log) {
        this.journal = journal;
        this.log = log;
    }

    /**
     * Takes over what gates that died left in the journal and makes it with {@code maker}, in the
     * background, in order within each {@code lane} (the lock an entry's write waits for).
     */
    void start(Maker maker, java.util.function.Function<PutOffJournal.Left, String> lane) {
        List<PutOffJournal.Left> left = journal.takeOver();
        Map<String, List<PutOffJournal.Left>> lanes = new LinkedHashMap<>();
        for (PutOffJournal.Left l : left) {
            line("write-replayed", l, "put off by a serve that ended before it was made; made now");
            lanes.computeIfAbsent(lane.apply(l), k -> new java.util.ArrayList<>()).add(l);
        }
        pending.set(left.size());
        for (List<PutOffJournal.Left> inLane : lanes.values()) {
            Thread.ofVirtual().name("bayard-put-off-replay").start(() -> {
                for (PutOffJournal.Left l : inLane) {
                    if (stopping) return; // the rest stay in the journal for the next start
                    make(maker, l);
                }
            });
        }
    }

    /** The gate stops: what is not made yet stays in the journal, even if it fails now (the store closed under it). */
    void stop() {
        stopping = true;
        int left = pending.get();
        if (left == 0) return;
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "writes-replayed-at-stop");
        line.put("waiting", left);
        line.put("detail", left + " writes taken over from a serve that ended are not made yet; they stay in the journal "
                + journal.where() + " for the next start");
        log.println(Gate.LOG_JSON.writeValueAsString(line));
    }

    private void make(Maker maker, PutOffJournal.Left entry) {
        try {
            String detail = maker.make(entry);
            journal.done(entry.file());
            pending.decrementAndGet();
            line("write-done", entry, "replayed: " + detail);
        } catch (IOException | RuntimeException e) {
            if (stopping) return; // most likely the store closed under it: the next start makes it
            pending.decrementAndGet();
            journal.setAside(entry.file(), entry.write(), entry.queueId(), "cannot be made: " + e.getMessage());
        }
    }

    private void line(String event, PutOffJournal.Left entry, String detail) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        line.put("queue_id", entry.queueId());
        line.put("write", entry.write());
        line.put("detail", detail);
        log.println(Gate.LOG_JSON.writeValueAsString(line));
    }
}
