package org.bayard.core.classify;

import java.util.Arrays;

/**
 * Puts token probabilities in the order the classifier sums them: strongest first (strength
 * {@code |p - 0.5|}), equal strengths spammier (larger p) first. Equal probabilities are
 * interchangeable, since the sums see only the values.
 *
 * <p>The probabilities come distinct, each with how many tokens have it (see
 * {@link CountGroups}), and the sequence comes out as runs of one value: a run holds all of a
 * value's tokens, as they would have come one after the other from a sorted array of every
 * token. Ordering a message's few dozen distinct values instead of its hundreds of tokens is
 * the point.
 *
 * <p>Why buckets and not a comparison sort: a message's values are ordered afresh each time,
 * and a quicksort's comparisons of them go either way about as often, which no branch predictor
 * learns (the quicksort took a fifth of the classifier's time in JFR). Instead each value goes to a bucket by the leading bits of
 * {@code 0.5 - strength} (a counting sort, no data-dependent branch), which already orders
 * values of different buckets; an insertion sort by the exact order then settles the few that
 * share a bucket. The result is the same sequence, so the floating-point sums stay bit-identical,
 * and {@code Classifier.classify} took about 17% less CPU (thread CPU time, A/B in one JVM, model
 * of the whole SpamAssassin corpus).
 */
final class StrongestFirst {
    private StrongestFirst() {}

    /**
     * Buckets per binade of {@code 0.5 - strength}, as that many leading mantissa bits: 32, over
     * the 16 binades from 2^-18 to 2^-2. With the default parameters a strong token's value lies
     * there for any token seen in fewer than about 40,000 messages (0.5 - strength is at least
     * s x / (s + n)). Values outside share the end buckets, which costs insertion-sort moves but
     * no correctness. Against 16 a binade, 32 took about 4% off classifying alone
     * (thread CPU time, A/B in one JVM); 64 gained nothing more.
     */
    private static final int MANTISSA_BITS = 5;
    private static final int BUCKETS = 512;
    private static final int FIRST = (int) (Double.doubleToRawLongBits(0x1p-18) >>> (52 - MANTISSA_BITS));
    /** A bucket of at most this many values is cheap to settle by insertion alone. */
    private static final int FEW = 32;
    /** Ciura's gaps, grown by 2.25 past 701, largest first, down to 4: the last pass, gap 1, is always run. */
    private static final int[] GAPS = {8858, 3937, 1750, 701, 301, 132, 57, 23, 10, 4};

    /**
     * Puts the {@code max} strongest of the tokens (all of them, when there are fewer), in
     * summing order, into {@code out}; {@link Runs#taken()} says how many that was.
     *
     * @param probs {@code probs[0..distinct)}, the probabilities, in any order; left as they are
     * @param tokens how many tokens have each probability
     */
    static void rank(double[] probs, int[] tokens, int distinct, int max, Runs out) {
        out.clear(distinct);
        int[] ends = out.bucketEnds;
        int[] buckets = out.buckets;
        // Each value's bucket once, and the range of buckets used: the sums over the buckets and
        // the clearing after run over that range only, not over all 512. A message has about 65
        // strong values (the corpus against a model of all of it), so the fixed passes over 512
        // buckets were much of the ranking: ranking the corpus's own values took about 0.9 of
        // the CPU (0.980 and 1/1.218 with the jars either way round, 40 rounds, two jars in one
        // JVM; that harness's A/A 1.036 to 1.049).
        int first = BUCKETS, last = -1;
        for (int i = 0; i < distinct; i++) {
            int b = bucket(probs[i]);
            buckets[i] = b;
            ends[b]++;
            first = Math.min(first, b);
            last = Math.max(last, b);
        }
        int largest = first <= last ? ends[first] : 0;
        for (int b = first + 1; b <= last; b++) {
            largest = Math.max(largest, ends[b]);
            ends[b] += ends[b - 1];
        }
        // Filled from each bucket's end backwards, so ends[b] ends up where bucket b starts.
        double[] ranked = out.probs;
        int[] counts = out.tokens;
        for (int i = distinct - 1; i >= 0; i--) {
            int at = --ends[buckets[i]];
            ranked[at] = probs[i];
            counts[at] = tokens[i];
        }
        out.usedBuckets(first, last);
        // An insertion sort costs up to the square of the largest bucket. Real models put a few
        // values in each, but nothing bounds that (a model of millions of messages crowds the
        // end bucket; a message has up to 20,000 tokens), so a crowded bucket first gets coarser
        // passes (Shell's method, Ciura's gaps) that leave the last pass little to move.
        if (largest > FEW) {
            for (int gap : GAPS) {
                if (gap < distinct) gappedInsertionSort(ranked, counts, distinct, gap);
            }
        }
        gappedInsertionSort(ranked, counts, distinct, 1);
        out.take(distinct, max);
    }

    /**
     * A bucket number that never decreases as the strength falls: {@code 0.5 - strength} is at
     * least 0 and its bits, read as a long, grow with it.
     */
    private static int bucket(double p) {
        int leading = (int) (Double.doubleToRawLongBits(0.5 - strength(p)) >>> (52 - MANTISSA_BITS));
        return Math.min(Math.max(leading - FIRST, 0), BUCKETS - 1);
    }

    /**
     * Orders each of the chains {@code i, i + gap, i + 2 gap, ...} of {@code probs[0..size)} by
     * insertion. With gap 1 this settles the values within each bucket: a value never passes one
     * of an earlier bucket, which comes before it.
     */
    private static void gappedInsertionSort(double[] probs, int[] tokens, int size, int gap) {
        for (int i = gap; i < size; i++) {
            double p = probs[i];
            int count = tokens[i];
            int j = i - gap;
            while (j >= 0 && comesBefore(p, probs[j])) {
                probs[j + gap] = probs[j];
                tokens[j + gap] = tokens[j];
                j -= gap;
            }
            probs[j + gap] = p;
            tokens[j + gap] = count;
        }
    }

    /** Whether a is summed before b: stronger, or as strong and spammier. */
    private static boolean comesBefore(double a, double b) {
        double strengthA = strength(a);
        double strengthB = strength(b);
        return strengthA > strengthB || (strengthA == strengthB && a > b);
    }

    /** Exactly as the classifier filters by it, so ties are ties in both places. */
    static double strength(double p) {
        return Math.abs(p - 0.5);
    }

    /** The ranked sequence: run r is {@code tokens(r)} tokens of probability {@code prob(r)}. Reused. */
    static final class Runs {
        private double[] probs = new double[256];
        private int[] tokens = new int[256];
        /** Scratch for the counting sort; zeroed by {@link #clear} where the last ranking used it. */
        private final int[] bucketEnds = new int[BUCKETS];
        /** Scratch: each value's bucket. */
        private int[] buckets = new int[256];
        private int firstUsed;
        private int lastUsed = BUCKETS - 1;
        private int size;
        private int taken;

        int size() {
            return size;
        }

        double prob(int run) {
            return probs[run];
        }

        int tokens(int run) {
            return tokens[run];
        }

        /** How many tokens the runs hold in all. */
        int taken() {
            return taken;
        }

        private void clear(int capacity) {
            if (probs.length < capacity) {
                probs = new double[capacity];
                tokens = new int[capacity];
                buckets = new int[capacity];
            }
            if (firstUsed <= lastUsed) Arrays.fill(bucketEnds, firstUsed, lastUsed + 1, 0);
            size = 0;
            taken = 0;
        }

        /** Buckets {@code first..last} are the only ones the ranking wrote; an empty range when first > last. */
        private void usedBuckets(int first, int last) {
            firstUsed = first;
            lastUsed = last;
        }

        /** Keeps the first runs of the ordered {@code probs[0..distinct)}, as many tokens as fit in {@code max}. */
        private void take(int distinct, int max) {
            while (size < distinct && taken < max) {
                int take = Math.min(tokens[size], max - taken);
                tokens[size++] = take;
                taken += take;
            }
        }
    }
}
