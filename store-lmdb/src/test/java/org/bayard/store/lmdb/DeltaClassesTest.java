package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.bayard.core.store.Counts;
import org.junit.jupiter.api.Test;

class DeltaClassesTest {
    @Test
    void numbersEachDistinctDeltaOnceInTheOrderTheyCome() {
        DeltaClasses deltas = new DeltaClasses();
        assertThat(deltas.numberOf(1, 0)).isZero();
        assertThat(deltas.numberOf(0, 1)).isEqualTo(1);
        assertThat(deltas.numberOf(1, 0)).isZero();
        assertThat(deltas.ham(1)).isZero();
        assertThat(deltas.spam(1)).isEqualTo(1);
        assertThat(deltas.numbered()).isTrue();
    }

    @Test
    void aNegativeDeltaLeavesThemNeitherSummableNorNumberedUntilCleared() {
        DeltaClasses deltas = new DeltaClasses();
        deltas.numberOf(1, 0);
        deltas.numberOf(0, -1);
        assertThat(deltas.summable()).isFalse();
        assertThat(deltas.numbered()).isFalse();
        deltas.clear();
        deltas.numberOf(0, 1);
        assertThat(deltas.summable()).isTrue();
        assertThat(deltas.numbered()).isTrue();
    }

    @Test
    void moreDistinctDeltasThanTheMostLeavesThemSummableButNotNumbered() {
        DeltaClasses deltas = new DeltaClasses();
        for (int d = 0; d < DeltaClasses.MAX; d++) assertThat(deltas.numberOf(d, 0)).isEqualTo(d);
        assertThat(deltas.numbered()).isTrue();
        deltas.numberOf(DeltaClasses.MAX, 0);
        assertThat(deltas.summable()).isTrue();
        assertThat(deltas.numbered()).isFalse();
    }

    /** Summed as packed counts only while neither half of the sum can pass Integer.MAX_VALUE, and so carry. */
    @Test
    void sumsFitPackedOnlyWhileNeitherSumCanPassTheLargestCount() {
        DeltaClasses deltas = new DeltaClasses();
        assertThat(deltas.numberOf(1, 0)).isZero();
        assertThat(deltas.numberOf(0, 3)).isOne();
        assertThat(deltas.packed(1)).isEqualTo(Counts.pack(0, 3));
        assertThat(deltas.sumsFitPacked(Integer.MAX_VALUE / 3)).isTrue();
        assertThat(deltas.sumsFitPacked(Integer.MAX_VALUE / 3 + 1)).isFalse();
        deltas.numberOf(Integer.MAX_VALUE, 0);
        assertThat(deltas.sumsFitPacked(1)).isTrue();
        assertThat(deltas.sumsFitPacked(2)).isFalse();
        deltas.clear();
        deltas.numberOf(1, 1);
        assertThat(deltas.sumsFitPacked(1_000_000)).isTrue();
        deltas.numberOf(-1, 0);
        assertThat(deltas.sumsFitPacked(1)).as("negative deltas are not summed").isFalse();
    }
}
