package org.bayard.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DistinctLongsTest {

    /** Random keys with many repeats and the awkward ones, through growth and clears: as a LinkedHashSet has them. */
    @Test
    void behavesLikeALinkedHashSet() {
        SplittableRandom random = new SplittableRandom(17);
        DistinctLongs set = new DistinctLongs(64);
        for (int round = 0; round < 300; round++) {
            set.clear();
            LinkedHashSet<Long> expected = new LinkedHashSet<>();
            int adds = random.nextInt(round % 25 == 0 ? 30_000 : 700);
            int range = 1 + random.nextInt(round % 2 == 0 ? 50 : 100_000);
            for (int i = 0; i < adds; i++) {
                long key = switch (random.nextInt(8)) {
                    case 0 -> 0L;
                    case 1 -> Long.MIN_VALUE;
                    case 2 -> Long.MAX_VALUE;
                    case 3 -> random.nextLong();
                    default -> random.nextInt(range) - range / 2; // small keys, negative too
                };
                assertThat(set.add(key)).as("add %d", key).isEqualTo(expected.add(key));
            }
            assertThat(set.size()).isEqualTo(expected.size());
            assertThat(set.toArray()).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
            for (int i = 0; i < 200; i++) {
                long probe = i % 2 == 0 ? random.nextInt(range) - range / 2 : random.nextLong();
                assertThat(set.contains(probe)).as("contains %d", probe).isEqualTo(expected.contains(probe));
            }
            assertThat(set.contains(0)).isEqualTo(expected.contains(0L));
        }
    }

    @Test
    void clearForgetsEverything() {
        DistinctLongs set = new DistinctLongs(4);
        for (long k = -100; k <= 100; k++) {
            set.add(k);
        }
        set.clear();
        assertThat(set.size()).isZero();
        assertThat(set.toArray()).isEmpty();
        for (long k = -100; k <= 100; k++) {
            assertThat(set.contains(k)).isFalse();
        }
        assertThat(set.add(0)).isTrue();
        assertThat(set.add(7)).isTrue();
        assertThat(set.add(7)).isFalse();
        assertThat(set.toArray()).containsExactly(0, 7);
    }
}
