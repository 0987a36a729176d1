package org.bayard.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketsTest {

    @Test
    void exactUpToFourThenTheNextPowerOfTwo() {
        assertThat(Buckets.of(-3)).isEqualTo("0");
        assertThat(Buckets.of(0)).isEqualTo("0");
        assertThat(Buckets.of(4)).isEqualTo("4");
        assertThat(Buckets.of(5)).isEqualTo("le8");
        assertThat(Buckets.of(8)).isEqualTo("le8");
        assertThat(Buckets.of(9)).isEqualTo("le16");
        assertThat(Buckets.of(37)).isEqualTo("le64");
        assertThat(Buckets.of(513)).isEqualTo("le1024");
        assertThat(Buckets.of(1024)).isEqualTo("le1024");
        assertThat(Buckets.of(1025)).isEqualTo("many");
        assertThat(Buckets.of(Integer.MAX_VALUE)).isEqualTo("many");
    }

    @Test
    void everyCountUpToTheLimitGetsThePowerOfTwoAboveIt() {
        for (int n = 5; n <= 1024; n++) {
            assertThat(Buckets.of(n)).as("%d", n).isEqualTo("le" + Integer.highestOneBit(n - 1) * 2);
        }
    }
}
