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

    /**
     * An add writes the key's place in the insertion order before it knows whether the key is
     * new, so the set must grow when the last place is taken, not when one more is needed: every
     * first size, filled one key at a time past several growths, each new key followed by
     * repeats of itself, of the key 0 and of the first key, and the set cleared and refilled.
     */
    @Test
    void repeatsAtEveryFillLeaveTheSetAsItWas() {
        for (int expected = 1; expected <= 40; expected++) {
            DistinctLongs set = new DistinctLongs(expected);
            for (int refill = 0; refill < 3; refill++) {
                set.clear();
                LinkedHashSet<Long> reference = new LinkedHashSet<>();
                for (long k = 1; k <= 300; k++) {
                    long key = k * 0x9E37_79B9_7F4A_7C15L + refill;
                    for (long repeat : new long[] {key, key, 0, key, 1 * 0x9E37_79B9_7F4A_7C15L + refill}) {
                        assertThat(set.add(repeat)).as("first size %d, add %d", expected, repeat).isEqualTo(reference.add(repeat));
                        assertThat(set.size()).isEqualTo(reference.size());
                    }
                }
                assertThat(set.toArray()).containsExactly(reference.stream().mapToLong(Long::longValue).toArray());
                for (long key : reference) {
                    assertThat(set.contains(key)).isTrue();
                }
            }
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
