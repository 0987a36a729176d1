package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearProbingTest {
    @Test
    void homesAscendWithHomeOrderInTablesOfEverySize() {
        long[] tokens = new SplittableRandom(1).longs(10_000).toArray();
        Long[] byHomeOrder = Arrays.stream(tokens).boxed().toArray(Long[]::new);
        Arrays.sort(byHomeOrder, (a, b) -> Long.compareUnsigned(LinearProbing.homeOrder(a), LinearProbing.homeOrder(b)));
        for (int bits = 1; bits <= 29; bits++) {
            int mask = (1 << bits) - 1;
            int previous = 0;
            for (long token : byHomeOrder) {
                int home = LinearProbing.home(token, mask);
                assertThat(home).isBetween(previous, mask);
                previous = home;
            }
        }
    }

    @Test
    void tokensThatAreNotHashesSpreadOverTheTable() {
        int mask = 1023;
        boolean[] used = new boolean[mask + 1];
        for (long token = 1; token <= 1024; token++) used[LinearProbing.home(token, mask)] = true;
        int homes = 0;
        for (boolean u : used) homes += u ? 1 : 0;
        assertThat(homes).as("distinct homes of 1..1024").isGreaterThan(500);
    }

    @Test
    void slotOfFindsTheTokenOrTheEmptySlotEndingItsRunAndGivesUpOnAFullTable() {
        int mask = 7;
        long[] s = new long[2 * (mask + 1)];
        long token = 42;
        int home = LinearProbing.home(token, mask);
        assertThat(LinearProbing.slotOf(s, mask, token)).isEqualTo(home);
        s[2 * home] = 43; // another token took its home: the run goes on, wrapping around the end
        assertThat(LinearProbing.slotOf(s, mask, token)).isEqualTo((home + 1) & mask);
        s[2 * ((home + 1) & mask)] = token;
        assertThat(LinearProbing.slotOf(s, mask, token)).isEqualTo((home + 1) & mask);
        for (int i = 0; i <= mask; i++) s[2 * i] = 100 + i;
        assertThat(LinearProbing.slotOf(s, mask, token)).isEqualTo(-1);
    }

    @Test
    void rehashKeepsEveryPairFindable() {
        int fromMask = 63, toMask = 255;
        long[] from = new long[2 * (fromMask + 1)];
        long[] tokens = new SplittableRandom(2).longs(48).filter(t -> t != 0).toArray();
        for (long t : tokens) {
            int i = LinearProbing.slotOf(from, fromMask, t);
            from[2 * i] = t;
            from[2 * i + 1] = ~t;
        }
        long[] to = new long[2 * (toMask + 1)];
        LinearProbing.rehash(from, fromMask + 1, to, toMask);
        for (long t : tokens) {
            int i = LinearProbing.slotOf(to, toMask, t);
            assertThat(to[2 * i]).isEqualTo(t);
            assertThat(to[2 * i + 1]).isEqualTo(~t);
        }
    }
}
