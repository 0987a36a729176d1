package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AddLogTest {
    @Test
    void appendTakesWhatFitsAndClearMakesRoomAgain() {
        AddLog log = new AddLog(10);
        assertThat(log.append(new long[] {1, 2, 3, 4, 5, 6, 7}, 0, 7, 1, 0)).isEqualTo(7);
        assertThat(log.append(new long[] {8, 9, 10, 11, 12}, 1, 4, 0, 1)).isEqualTo(3);
        assertThat(log.size()).isEqualTo(10);
        assertThat(log.append(new long[] {13}, 0, 1, 1, 1)).isZero();
        assertThat(log.token(7)).isEqualTo(9);
        assertThat(log.token(9)).isEqualTo(11);
        log.clear();
        assertThat(log.isEmpty()).isTrue();
        assertThat(log.append(new long[] {13}, 0, 1, 5, 6)).isOne();
        assertThat(log.token(0)).isEqualTo(13);
        assertThat(log.dHam(0)).isEqualTo(5);
        assertThat(log.dSpam(0)).isEqualTo(6);
    }

    @Test
    void eachOccurrenceKeepsTheDeltasOfItsCall() {
        AddLog log = new AddLog(100);
        log.append(new long[] {1, 2}, 0, 2, 3, -4);
        log.append(new long[] {3}, 0, 1, -Integer.MAX_VALUE, Integer.MAX_VALUE);
        log.sortByHome();
        for (int i = 0; i < log.size(); i++) {
            if (log.token(i) == 3) {
                assertThat(log.dHam(i)).isEqualTo(-Integer.MAX_VALUE);
                assertThat(log.dSpam(i)).isEqualTo(Integer.MAX_VALUE);
            } else {
                assertThat(log.dHam(i)).isEqualTo(3);
                assertThat(log.dSpam(i)).isEqualTo(-4);
            }
        }
    }

    /** The writer's fold depends on both: tables walked front to back, and adds (which clamp) applied in call order. */
    @Test
    void sortByHomeAscendsThroughEveryTableAndKeepsEachTokensCallsInOrder() {
        for (int capacity : new int[] {5, 700, 100_000}) {
            AddLog log = new AddLog(capacity);
            SplittableRandom random = new SplittableRandom(capacity);
            long[] common = random.longs(50).toArray(); // each in many calls
            Map<Long, Integer> occurrences = new HashMap<>();
            for (int call = 0; log.size() < capacity; call++) {
                long[] tokens = new long[1 + random.nextInt(40)];
                for (int j = 0; j < tokens.length; j++) {
                    tokens[j] = random.nextInt(3) == 0 ? common[random.nextInt(common.length)] : random.nextLong(-50, 50);
                }
                int added = log.append(tokens, 0, tokens.length, call, -call);
                for (int j = 0; j < added; j++) occurrences.merge(tokens[j], 1, Integer::sum);
            }
            log.sortByHome();

            Map<Long, Integer> lastCall = new HashMap<>();
            Map<Long, Integer> seen = new HashMap<>();
            for (int i = 0; i < log.size(); i++) {
                long token = log.token(i);
                assertThat(log.dSpam(i)).isEqualTo(-log.dHam(i));
                Integer previous = lastCall.put(token, log.dHam(i));
                if (previous != null) assertThat(log.dHam(i)).as("calls of token %d", token).isGreaterThanOrEqualTo(previous);
                seen.merge(token, 1, Integer::sum);
                // Exactly in tables of up to one slot per occurrence (2^16 at most); larger ones are walked by such steps.
                int mask = Math.min(Integer.highestOneBit(log.size()), 1 << 16) - 1;
                if (i > 0) assertThat(LinearProbing.home(token, mask)).isGreaterThanOrEqualTo(LinearProbing.home(log.token(i - 1), mask));
            }
            assertThat(seen).isEqualTo(occurrences);
        }
    }
}
