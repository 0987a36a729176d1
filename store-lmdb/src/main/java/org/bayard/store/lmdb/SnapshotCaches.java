package org.bayard.store.lmdb;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store's few {@link SnapshotCache}s, lent to read views one at a time. At most two (about
 * 9 MB), so that a small heap (the store of a million tokens scored in 64 MB) still affords
 * them; views past that read LMDB directly. Views are short (one lookup batch per message),
 * so few are open at once even under many scanning threads.
 */
final class SnapshotCaches {
    static final int MAX = Math.min(2, Runtime.getRuntime().availableProcessors());

    private final Queue<SnapshotCache> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger created = new AtomicInteger();

    /** An idle cache, or a new one while fewer than {@link #MAX} exist; null when all are lent. */
    SnapshotCache borrow() {
        SnapshotCache cache = idle.poll();
        if (cache != null) return cache;
        boolean mayCreate = created.getAndUpdate(n -> n < MAX ? n + 1 : n) < MAX;
        return mayCreate ? new SnapshotCache() : null;
    }

    /** Returns a borrowed cache (null is ignored), once its view no longer uses it. */
    void giveBack(SnapshotCache cache) {
        if (cache != null) idle.offer(cache);
    }
}
