package org.bayard.core.classify;

/**
 * Sorts probabilities ascending in place, moving each one's token count along with it.
 *
 * <p>Why not fastutil's {@code DoubleArrays.quickSortIndirect} (sorting an index array by the
 * values): it reaches every value through the index and compares with {@code Double.compare},
 * which also orders NaN and -0.0. Probabilities are numbers in (0, 1), so {@code <} orders
 * them, and moving the pairs themselves reads them straight from the arrays. Equal
 * probabilities may end up in any order: the classifier's sums see only the values.
 */
final class PairedSort {
    private PairedSort() {}

    /** Ranges this short are insertion-sorted: fewer moves than partitioning them. */
    private static final int INSERTION_MAX = 16;

    /** Sorts {@code probs[from..to)} ascending, and {@code counts[from..to)} along with them. */
    static void sort(double[] probs, int[] counts, int from, int to) {
        while (to - from > INSERTION_MAX) {
            int split = partition(probs, counts, from, to);
            // Recurse into the smaller side, loop on the larger: the stack stays logarithmic.
            if (split - from < to - split) {
                sort(probs, counts, from, split);
                from = split;
            } else {
                sort(probs, counts, split, to);
                to = split;
            }
        }
        insertionSort(probs, counts, from, to);
    }

    /**
     * Hoare's partition around the median of the first, middle and last value: returns a split
     * with every value in {@code [from, split)} at most every value in {@code [split, to)}, both
     * sides nonempty.
     */
    private static int partition(double[] probs, int[] counts, int from, int to) {
        double pivot = medianOf3(probs[from], probs[(from + to) >>> 1], probs[to - 1]);
        int i = from - 1;
        int j = to;
        while (true) {
            do i++; while (probs[i] < pivot);
            do j--; while (probs[j] > pivot);
            if (i >= j) return j + 1;
            swap(probs, counts, i, j);
        }
    }

    private static double medianOf3(double a, double b, double c) {
        return a < b ? (b < c ? b : Math.max(a, c)) : (a < c ? a : Math.max(b, c));
    }

    private static void insertionSort(double[] probs, int[] counts, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            double p = probs[i];
            int count = counts[i];
            int j = i - 1;
            while (j >= from && probs[j] > p) {
                probs[j + 1] = probs[j];
                counts[j + 1] = counts[j];
                j--;
            }
            probs[j + 1] = p;
            counts[j + 1] = count;
        }
    }

    private static void swap(double[] probs, int[] counts, int i, int j) {
        double p = probs[i];
        probs[i] = probs[j];
        probs[j] = p;
        int count = counts[i];
        counts[i] = counts[j];
        counts[j] = count;
    }
}
