package org.bayard.core.classify;

/**
 * Puts token probabilities in the order the classifier sums them: strongest first (strength
 * {@code |p - 0.5|}), equal strengths spammier (larger p) first. Equal probabilities are
 * interchangeable, since the sums see only the values.
 *
 * <p>Why not sort by that order directly: a comparator sort of boxed indices cost about 6% of
 * classifying. Sorted by value instead (a primitive sort), the strongest remaining probability
 * is always at one of the two ends, because strength only grows away from 0.5; walking inward
 * from both ends yields the same sequence, so the floating-point sums stay bit-identical.
 *
 * <p>The probabilities come distinct, each with how many tokens have it (see
 * {@link CountGroups}), and the sequence comes out as runs of one value: the walk takes all of
 * a value's tokens at once, as it would have taken them one after the other from a sorted array
 * of every token. Sorting a message's few dozen distinct values instead of its hundreds of
 * tokens is the point.
 */
final class StrongestFirst {
    private StrongestFirst() {}

    /**
     * Puts the {@code max} strongest of the tokens (all of them, when there are fewer), in
     * summing order, into {@code out}; {@link Runs#taken()} says how many that was.
     *
     * @param probs {@code probs[0..distinct)}, the probabilities, in any order; sorted ascending on return
     * @param tokens how many tokens have each probability; moved along with them
     */
    static void rank(double[] probs, int[] tokens, int distinct, int max, Runs out) {
        PairedSort.sort(probs, tokens, 0, distinct);
        out.clear(distinct);
        int lo = 0;
        int hi = distinct - 1;
        while (out.taken < max && lo <= hi) {
            double loStrength = strength(probs[lo]);
            if (strength(probs[hi]) >= loStrength) { // a tie goes to the larger p, which is at hi
                out.add(probs[hi], tokens[hi], max);
                hi--;
                continue;
            }
            // Below 0.25, p - 0.5 rounds, so distinct hammy p can share a strength; then the larger
            // (inner) one comes first: take the whole run of that strength from its inner end.
            int runEnd = lo + 1;
            while (runEnd <= hi && strength(probs[runEnd]) == loStrength) runEnd++;
            for (int i = runEnd - 1; i >= lo && out.taken < max; i--) {
                out.add(probs[i], tokens[i], max);
            }
            lo = runEnd;
        }
    }

    /** Exactly as the classifier filters by it, so ties are ties in both places. */
    static double strength(double p) {
        return Math.abs(p - 0.5);
    }

    /** The ranked sequence: run r is {@code tokens(r)} tokens of probability {@code prob(r)}. Reused. */
    static final class Runs {
        private double[] probs = new double[256];
        private int[] tokens = new int[256];
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
            }
            size = 0;
            taken = 0;
        }

        /** Takes the tokens of one probability, as many as fit in {@code max} in all. */
        private void add(double p, int count, int max) {
            int take = Math.min(count, max - taken);
            probs[size] = p;
            tokens[size++] = take;
            taken += take;
        }
    }
}
