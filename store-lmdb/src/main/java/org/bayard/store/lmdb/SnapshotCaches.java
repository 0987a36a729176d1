package org.bayard.store.lmdb;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store's few {@link SnapshotCache}s, lent to read views one at a time. Few, to bound the
 * heap: past {@link #MAX} views at once, the others read LMDB directly, which more threads
 * than cores could not make faster anyway.
 */
final class SnapshotCaches {
    static final int MAX = Math.min(4, Runtime.getRuntime().availableProcessors());

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
