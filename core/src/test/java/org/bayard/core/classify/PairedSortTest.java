package org.bayard.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PairedSortTest {

    /** Sorts and checks: values ascending as Arrays.sort has them, and every value still with its own count. */
    private static void assertSortsPairs(double[] probs, int from, int to) {
        // Each count encodes its value's original index, so a pair that came apart shows.
        int[] counts = IntStream.range(0, probs.length).toArray();
        double[] original = probs.clone();
        double[] expected = probs.clone();
        Arrays.sort(expected, from, to);

        PairedSort.sort(probs, counts, from, to);

        assertThat(probs).as("values").containsExactly(expected);
        for (int i = 0; i < probs.length; i++) {
            assertThat(original[counts[i]]).as("value at %d came with its count", i).isEqualTo(probs[i]);
        }
        int[] outside = IntStream.range(0, probs.length).filter(i -> i < from || i >= to).toArray();
        for (int i : outside) assertThat(counts[i]).as("untouched outside the range").isEqualTo(i);
        assertThat(Arrays.stream(counts, from, to).sorted().toArray()).containsExactly(IntStream.range(from, to).toArray());
    }

    @Test
    void sortsRandomProbabilitiesOfEverySizeAroundTheInsertionLimit() {
        Random random = new Random(42);
        for (int n = 0; n <= 70; n++) {
            for (int round = 0; round < 20; round++) {
                assertSortsPairs(random.doubles(n).toArray(), 0, n);
            }
        }
    }

    @Test
    void sortsManyEqualValues() {
        Random random = new Random(7);
        for (int n : new int[] {17, 100, 1000}) {
            // few distinct values: partitions meet equal keys on both sides
            assertSortsPairs(random.ints(n, 0, 3).mapToDouble(i -> 0.1 + 0.4 * i).toArray(), 0, n);
            assertSortsPairs(new double[n], 0, n);
        }
    }

    @Test
    void sortsOrderedAndReversedInput() {
        for (int n : new int[] {16, 17, 500, 5000}) {
            double[] ascending = IntStream.range(0, n).mapToDouble(i -> (i + 1.0) / (n + 1)).toArray();
            assertSortsPairs(ascending.clone(), 0, n);
            double[] descending = IntStream.range(0, n).mapToDouble(i -> ascending[n - 1 - i]).toArray();
            assertSortsPairs(descending, 0, n);
        }
    }

    @Test
    void sortsOnlyTheRange() {
        Random random = new Random(3);
        assertSortsPairs(random.doubles(200).toArray(), 30, 170);
    }
}
