package org.bayard.store.lmdb;

import java.nio.ByteBuffer;
import org.lmdbjava.Cursor;
import org.lmdbjava.PutFlags;

/**
 * Writes the whole tokens database anew: the {@link TokenGroups} of the snapshot a write
 * transaction started from, merged with the transaction's changed counts (handed over in home
 * order, {@link LogRuns#forEach}), cut into groups of {@link #PACKED_PAIRS} and appended to the
 * emptied database (MDB_APPEND), so that LMDB fills each leaf page with three groups.
 *
 * <p>Why: a batch of 2,000 learned messages changes ~30 tokens of every group, so
 * {@link GroupWriter} rewrites every group in place, and LMDB copies and writes out every leaf
 * page anyway; but in place, a group that grows splits its page into two half-full ones, and the
 * corpus's store of 1.2 million tokens (19.6 MB of pairs) sat in 7,484 leaf pages, 64% full: each
 * commit copied, and the kernel wrote, 30 MB. Appended, pages are 94% full (5,108), LMDB
 * never splits one in the middle nor shifts nodes within it, and a page is not copied before it
 * is written. Measured (the corpus in batches of 2,000 into a fresh store per round, -Xmx512m,
 * the writer thread's CPU per message, each JVM's median of its steady rounds, old and new jar
 * alternating in separate JVMs on a shared 2-core machine): leaf pages 7,484 to 5,108, bytes
 * written (wchar) 17.4 KB to 11.4 KB per message, the data file 82 to 56 MB; the writer's kernel
 * time 12 to 7 us (pair ratios 0.47 to 0.73, six pairs), its user time unchanged (0.975), the
 * whole writer 0.922 (70.5 to 64.5 us), and 0.927 with the jars in the other order (five
 * pairs, each 0.92 to 0.93; kernel 0.71, user 0.95); A/A runs 0.993 and 0.838. The kernel's share moves
 * with the machine's state: runs where it took 30 to 60 us gain more, in proportion to the
 * bytes. Group starts move (each group starts at its first token), which the format allows:
 * a group is any run of consecutive tokens keyed by its first one's home order, or lower.
 *
 * <p>The old groups are read from a read transaction of the same snapshot, because the write
 * transaction empties the database first; LMDB keeps the snapshot's pages until the commit after
 * next at the earliest. Call {@link #finish} after the last {@link #accept}.
 */
final class GroupRepacker implements LogRuns.Consumer {
    /*
     * An LMDB leaf page of 4,096 bytes has 4,080 past its header; a node takes a 2-byte index,
     * an 8-byte header, the 8-byte key and the value, so three groups of up to 83 pairs fit.
     * 80 leave 186 bytes (11 pairs) of room per page for the adds of later small batches,
     * which GroupWriter makes in place, before LMDB splits the page.
     */
    /** Pairs per group written: three such groups fill 3,894 of an LMDB page's 4,080 bytes. */
    static final int PACKED_PAIRS = 80;

    /** Old pairs that the merge of summed runs copies at once when all of them come before the next run. */
    private static final int COPIED_BLOCK = 8;

    private final Cursor<ByteBuffer> oldGroups;
    private final Cursor<ByteBuffer> out;
    private final Buffers buffers;
    /** Whether {@link #old} holds a group read from {@link #oldGroups}, and whether one follows it. */
    private boolean oldRead;
    private boolean oldNext;
    /** The old group being merged, as {@link TokenGroups#asStored} reads it, and how many of its pairs were merged. */
    private long[] old = new long[2 * TokenGroups.MAX_PAIRS];
    private int oldPairs;
    private int oldDone;
    /** The group being filled, in the same layout. */
    private final long[] packed = new long[2 * PACKED_PAIRS];
    private int packedPairs;
    /**
     * Whether the last group merged had at least a run per {@link #COPIED_BLOCK} old pairs: then
     * the next is merged without looking for blocks of old pairs to copy, which are rare there
     * (a batch of 2,000 has some 70 runs per group of 80). Measured (RepackBench, 600k stored
     * tokens and 540k runs, two class loaders alternating): 0.971, 0.962 and 1/1.058, 1/1.050 of
     * the repack (A/A 0.985, 1.001); a small commit's (20k runs) unchanged within its noise.
     */
    private boolean denseRuns;

    /**
     * Repacks into {@code out}, a cursor of the emptied tokens database of a write transaction,
     * the groups that {@code oldGroups} walks: a cursor of the same database in a read
     * transaction of the snapshot the write transaction started from.
     */
    GroupRepacker(Cursor<ByteBuffer> oldGroups, Cursor<ByteBuffer> out, Buffers buffers) {
        this.oldGroups = oldGroups;
        this.out = out;
        this.buffers = buffers;
    }

    @Override
    public void accept(long token, long counts) {
        long home = LinearProbing.homeOrder(token);
        keepOldBelowAndTake(home);
        put(home, counts);
    }

    /**
     * Writes the tokens of home orders {@code homes[0..count)} ({@link LinearProbing#homeOrder},
     * ascending) each with its old counts (0 if the parent snapshot had none) plus its
     * {@code sums}, the summed adds of a run of the log ({@link LogRuns#sums}: none negative, so
     * summing them first clamps as adding them one by one would), and puts those counts in
     * {@code written}. Why: the repack reads every old group anyway, so it finds a token's
     * counts before the batch where the flush looked each up in the heap mirror first (see
     * LmdbWriteView.writtenSummingRuns). Call {@link #finish} after.
     */
    void addSums(long[] homes, long[] sums, long[] written, int count) {
        int run = 0;
        while (run < count && (oldDone < oldPairs || readNextOld())) run = mergeOldGroup(homes, sums, written, run, count);
        for (; run < count; run++) {
            written[run] = LogRuns.addSums(0, sums[run]);
            put(homes[run], written[run]);
        }
    }

    /*
     * Merged as two sorted sequences, a step per old pair or run: which of the two comes first
     * picked with conditional moves, not branches. Before, each run searched its place among
     * the old pairs in a loop, whose exit (after a random number of old pairs: about 1.2 per
     * run at a batch of 2,000) and whose test for a token found or new were each mispredicted
     * about once per run; and the old pairs between two runs went over in a System.arraycopy
     * of a pair or two. Eight old pairs wholly before the next run are still copied at once,
     * which a commit of few changes (the corpus's last 46 messages: ~20k runs among ~640k
     * stored tokens) is made of: stepping each was 1.2 times as slow there.
     * Measured (the corpus in batches of 2,000 into a fresh store per round, -Xmx512m, the
     * repack's thread CPU per commit, the old and new merge alternating round by round in one
     * JVM, 40 pairs, then 40 with the order swapped): the four repacks of a round 0.913 and
     * 0.898 of the time (about 48 to 44 ms; A/A 1.027), the first batch's (into an empty store)
     * 0.57 and 0.56, the second's 0.96 and 0.95, the third's 0.93 and 0.91, the last 46
     * messages' 0.99 and 1.01; the writer thread as a whole 0.964 and 0.966 (A/A 1.004).
     * Then (round 19) the step written with masks: C2 had compiled the selects that load (the
     * old counts) or call (the clamped add) as branches, taken about half the time at random.
     * Each side's mask is one compare-and-move; the side not taken adds 0 (its counts or sums
     * masked off), so the counts need no select, and the add is one long add
     * (LogRuns.addSums). Measured (RepackBench: a store of 600k random tokens repacked with 540k
     * summed runs, 300k of them stored, aborted; thread CPU, the two classes in two class
     * loaders of one JVM alternating, 40 pairs of 3 repacks): 0.785 and 1/1.274 of the time
     * (about 21.5 to 17 ms) with the masks by arithmetic on the signs, 0.959 and 1/1.065 of that
     * with the masks by compare (A/A 1.001); of the last step, the long add 0.962 and 1/1.055.
     */
    /**
     * Merges runs from {@code run} on with the old group's pairs left, until either ends; returns
     * the first run not merged. A run's counts are written to {@code written} at every step it
     * is next in line; the step that takes it writes last.
     */
    private int mergeOldGroup(long[] homes, long[] sums, long[] written, int run, int count) {
        long[] old = this.old, packed = this.packed;
        int done = oldDone, pairs = oldPairs, filled = writtenIfFull(packedPairs);
        boolean copyBlocks = !denseRuns;
        int firstRun = run, firstDone = done;
        while (done < pairs && run < count) {
            long runHome = homes[run] ^ Long.MIN_VALUE; // unsigned order as signed
            int lastOfBlock = done + COPIED_BLOCK - 1;
            if (copyBlocks && lastOfBlock < pairs && (Long.reverseBytes(old[2 * lastOfBlock]) ^ Long.MIN_VALUE) < runHome) {
                int n = Math.min(COPIED_BLOCK, PACKED_PAIRS - filled);
                System.arraycopy(old, 2 * done, packed, 2 * filled, 2 * n);
                done += n;
                filled = writtenIfFull(filled + n);
                continue;
            }
            long oldStored = old[2 * done];
            long oldHome = Long.reverseBytes(oldStored) ^ Long.MIN_VALUE;
            long oldFirst = notAboveMask(oldHome, runHome);
            long runFirst = notAboveMask(runHome, oldHome);
            // Each side's counts masked off unless it is taken: no select, no branch.
            long counts = LogRuns.addSums(Long.reverseBytes(old[2 * done + 1]) & oldFirst, sums[run] & runFirst);
            written[run] = counts;
            packed[2 * filled] = oldStored & oldFirst | Long.reverseBytes(homes[run]) & ~oldFirst;
            packed[2 * filled + 1] = Long.reverseBytes(counts);
            // Counts of 0 are not kept (a token deleted, or new with sums of 0), as put() skips them.
            filled = writtenIfFull(filled + (int) ((counts | -counts) >>> 63));
            done -= (int) oldFirst;
            run -= (int) runFirst;
        }
        oldDone = done;
        packedPairs = filled;
        denseRuns = (long) (run - firstRun) * COPIED_BLOCK >= done - firstDone;
        return run;
    }

    /** -1 when {@code a <= b}, else 0: a compare and a conditional move, where a select of loads became a branch. */
    private static long notAboveMask(long a, long b) {
        return a <= b ? -1L : 0L;
    }

    /** How many pairs the group being filled holds once {@code filled} are: 0 if they fill it, which is then written. */
    private int writtenIfFull(int filled) {
        if (filled < PACKED_PAIRS) return filled;
        packedPairs = filled;
        writePacked();
        return 0;
    }

    /**
     * Copies the old pairs below home order {@code home} into the groups being filled, and takes
     * the pair of {@code home} itself, if there is one, out of the old ones: returns its counts,
     * or 0.
     */
    private long keepOldBelowAndTake(long home) {
        long stored = Long.reverseBytes(home);
        while (true) {
            if (oldDone == oldPairs && !readNextOld()) return 0;
            int below = oldDone;
            while (below < oldPairs && Long.compareUnsigned(Long.reverseBytes(old[2 * below]), home) < 0) below++;
            keepOld(below);
            if (below == oldPairs) continue;
            if (old[2 * below] != stored) return 0;
            oldDone++;
            return Long.reverseBytes(old[2 * below + 1]);
        }
    }

    /** Appends the pair of home order {@code home} to the groups being filled, unless its counts are 0 (deleted). */
    private void put(long home, long counts) {
        if (counts == 0) return;
        if (packedPairs == PACKED_PAIRS) writePacked();
        packed[2 * packedPairs] = Long.reverseBytes(home);
        packed[2 * packedPairs + 1] = Long.reverseBytes(counts);
        packedPairs++;
    }

    /** Copies the old pairs past the last change and writes the last group. */
    void finish() {
        do keepOld(oldPairs);
        while (readNextOld());
        if (packedPairs > 0) writePacked();
    }

    /** Reads the next old group into {@link #old}; false when there is none. */
    private boolean readNextOld() {
        boolean found = oldRead ? oldNext && oldGroups.next() : oldGroups.first();
        oldRead = true;
        oldNext = found;
        oldDone = 0;
        oldPairs = 0;
        if (!found) return false;
        ByteBuffer value = oldGroups.val();
        oldPairs = TokenGroups.pairCount(value);
        old = TokenGroups.copyStored(value, old);
        return true;
    }

    /** Copies the old pairs from {@code oldDone} up to {@code end} into the groups being filled, in blocks. */
    private void keepOld(int end) {
        while (oldDone < end) {
            if (packedPairs == PACKED_PAIRS) writePacked();
            int n = Math.min(end - oldDone, PACKED_PAIRS - packedPairs);
            System.arraycopy(old, 2 * oldDone, packed, 2 * packedPairs, 2 * n);
            packedPairs += n;
            oldDone += n;
        }
    }

    /** Appends the filled group, keyed by its first token's home order, reserving its value in LMDB's page. */
    private void writePacked() {
        long key = Long.reverseBytes(packed[0]);
        ByteBuffer value = out.reserve(buffers.tokenKey(key), packedPairs * TokenGroups.PAIR_BYTES, PutFlags.MDB_APPEND);
        TokenGroups.asStored(value).put(packed, 0, 2 * packedPairs);
        packedPairs = 0;
    }
}
