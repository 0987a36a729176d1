package org.bayard.store.lmdb;

/**
 * How much of the heap a write transaction's held counts ({@link PendingCounts}) and add log
 * ({@link AddLog}) may take: how many distinct tokens {@link LmdbWriteView} holds before it
 * writes them out in mid-transaction, and how many occurrences it logs before it folds them.
 * Apart from the write view because it is arithmetic on the heap's size, done once per JVM; the
 * writer's loops read only its two constants.
 */
final class WriterHeapBudget {
    private WriterHeapBudget() {}

    /*
     * Past the limit, fold writes the held counts out in mid-transaction and forgets them, and
     * the mirror, no longer the parent snapshot plus the held counts, is rebuilt from LMDB after
     * the commit. A fixed 200,000 tokens (a batch of 500 of the spamassassin corpus holds up to
     * 199,918) made larger batches slower per message, not faster. Measured (the writer thread's
     * CPU per message, the corpus into a fresh store per round, -Xmx512m, the fixed and the
     * heap-sized limit alternating in one JVM, medians of 7 rounds): batches of 500 146 and 144
     * us, 1,000 307 and 121, 2,000 444 and 122, 5,000 467 and 102, the whole corpus (6,046
     * messages, 1.23 million distinct tokens) in one transaction 508 and 89. Held in full, larger
     * batches are cheaper because LMDB rewrites each leaf page a commit dirtied, and they dirty
     * each fewer times.
     */
    /**
     * Distinct tokens held past which fold writes them out, for this JVM's heap: see
     * {@link #heldLimit}.
     */
    static final int PENDING_LIMIT = heldLimit(Runtime.getRuntime().maxMemory());
    /** The held limit below which no heap goes: the fixed limit it had before, which a 64 MB heap affords. */
    static final int MIN_HELD_LIMIT = 200_000;
    /**
     * The held limit above which no heap goes: 2^24 tokens, 1.1 GB of table, reached with a 5.2 GiB
     * heap. Far more than a batch needs (the whole corpus holds 1.23 million), and it keeps the
     * table's arrays (2^25 slots at most) far from Java's largest array.
     */
    static final int MAX_HELD_LIMIT = 1 << 24;
    /*
     * PendingCounts per token, at its sparsest (3/8 full, just after doubling): 8/3 slots of
     * a (token, counts) pair; then its token, counts and run start in LogRuns, which take the
     * held counts to write them (holdAll); 62 bytes. While the table doubles, the old one (half
     * the size) is still live for a moment: the share's slack.
     */
    private static final int BYTES_PER_HELD = 2 * Long.BYTES * 8 / 3 + 2 * Long.BYTES + Integer.BYTES;
    /** The held counts, and the log's occurrences past them, may take one part in this many of the heap. */
    private static final int HELD_HEAP_SHARE = 5;
    /** How many occurrences the log may hold on top of PENDING_LIMIT held tokens: see MAX_HELD_AND_LOGGED. */
    private static final int LOGGED_PAST_LIMIT = 1 << 17;

    /**
     * The held limit for a heap of {@code maxMemory} bytes: as many tokens as a fifth of it holds
     * with {@link #LOGGED_PAST_LIMIT} more, between {@link #MIN_HELD_LIMIT} and
     * {@link #MAX_HELD_LIMIT}. A fifth: with the mirror's quarter (TokenMirror) and the log's
     * eighth (logCapacity), the writer's tables stay under three fifths of the heap at their
     * fullest, and a -Xmx512m JVM (the benchmark's) holds the whole corpus (1.23 million tokens)
     * in one transaction.
     */
    static int heldLimit(long maxMemory) {
        long tokens = maxMemory / HELD_HEAP_SHARE / BYTES_PER_HELD - LOGGED_PAST_LIMIT;
        return (int) Math.clamp(tokens, MIN_HELD_LIMIT, MAX_HELD_LIMIT);
    }

    /** Most tokens held plus occurrences logged: past it, addCounts folds the log first. */
    static final int MAX_HELD_AND_LOGGED = maxHeldAndLogged(Runtime.getRuntime().maxMemory());
    /** Heap bytes per logged occurrence: the log (token and call) and its sort's copy, and fold's scratch. */
    private static final int BYTES_PER_OCCURRENCE = 2 * (Long.BYTES + Integer.BYTES) + Integer.BYTES + 2 * Long.BYTES;
    /** The log and fold's scratch may take one part in this many of the heap beyond LOG_HEAP_RESERVE. */
    private static final int LOG_HEAP_SHARE = 8;
    /** Heap the log leaves to the rest: a 64 MB heap, which trains a store of a million tokens, keeps the least log. */
    private static final long LOG_HEAP_RESERVE = 64L << 20;

    /** {@link #MAX_HELD_AND_LOGGED} for a heap of {@code maxMemory} bytes. */
    static int maxHeldAndLogged(long maxMemory) {
        return heldLimit(maxMemory) + LOGGED_PAST_LIMIT;
    }

    /**
     * The most occurrences to log in a heap of {@code maxMemory} bytes: an eighth of what it has
     * beyond 64 MB, from 2^17 (3 MB with the sort's copy, 5 MB with fold's scratch) up, but never
     * more than {@link #maxHeldAndLogged} lets addCounts fill. Why that much: a batch logged
     * whole is folded once, at flush, into an empty table, which skips the held table altogether
     * (see flush); -Xmx512m (the benchmark's heap) logs 1.33 million occurrences, a batch of
     * 2,000 of the spamassassin corpus's messages (778k to 836k; of 3,000, 1.21 to 1.24 million).
     * Measured (writer thread CPU time, the corpus in batches of 2,000, -Xmx512m, a 32nd of the
     * heap (349k occurrences: three or four folds per batch) and an eighth alternating in one
     * JVM): median pair ratio 0.80 (7 pairs, 0.76-0.87), about 100 us per message down to 80.
     * Before flush had that path, an eighth gained nothing (1.04). Why beyond 64 MB: a 64 MB heap,
     * which trains a store of a million tokens in batches of 2,000, ran out of memory with a log
     * of 190k occurrences (an eighth of it) and of 331k, and not with 2^17.
     */
    static int logCapacity(long maxMemory) {
        long occurrences = Math.max(0, maxMemory - LOG_HEAP_RESERVE) / LOG_HEAP_SHARE / BYTES_PER_OCCURRENCE;
        return (int) Math.clamp(occurrences, LOGGED_PAST_LIMIT, maxHeldAndLogged(maxMemory));
    }
}
