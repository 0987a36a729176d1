package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.bayard.core.store.Counts;
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

    /** Logged by call, not per occurrence: each occurrence still reads its own call's deltas, also after more calls. */
    @Test
    void eachOccurrenceReadsTheDeltasOfItsCallBeforeTheLogIsSorted() {
        AddLog log = new AddLog(100);
        log.append(new long[] {1, 2, 3}, 0, 3, 1, 0);
        log.append(new long[] {4}, 0, 1, 0, 1);
        assertThat(log.dHam(2)).isOne();
        assertThat(log.dSpam(3)).isOne();
        log.append(new long[] {5, 6}, 0, 2, 7, 8);
        log.append(new long[] {7}, 0, 1, 9, 10);
        int[] hams = {1, 1, 1, 0, 7, 7, 9};
        for (int i = 0; i < hams.length; i++) assertThat(log.dHam(i)).as("occurrence %d", i).isEqualTo(hams[i]);
        assertThat(log.dSpam(6)).isEqualTo(10);
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

    /**
     * The writer's fold depends on all three: tables and the mirror walked front to back, one run
     * per token, and adds (which clamp) applied in call order.
     */
    @Test
    void sortByHomeOrdersByHomeExactlyWithEachTokensCallsInOrder() {
        for (int capacity : new int[] {1, 5, 700, 100_000, 400_000}) {
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
            assertSortedByHomeInCallOrder(log, occurrences);
        }
    }

    /**
     * Tokens whose home orders share their top bits, in descending order, pass the insertion
     * sort's budget: in a small log, sorted in one pass, and in a large one, sorted bucket by
     * bucket, where they crowd one in the middle among tokens spread over the others.
     */
    @Test
    void sortByHomeStaysExactAndStableForTokensCraftedToCrowdOneBucket() {
        for (int calls : new int[] {10_000, 40_000}) {
            AddLog log = new AddLog(4 * calls);
            SplittableRandom random = new SplittableRandom(calls);
            long crowded = 0x80L << 56;
            Map<Long, Integer> occurrences = new HashMap<>();
            for (int call = 0; call < calls; call++) {
                // Home orders crowded+0..49 and crowded+2^40.., descending within each call and from call to call.
                long[] tokens = {
                    LinearProbing.tokenOf(crowded | 49 - call % 50),
                    LinearProbing.tokenOf(crowded | (1L << 40) - call),
                    LinearProbing.tokenOf(crowded | 7),
                    random.nextLong()
                };
                log.append(tokens, 0, tokens.length, call, -call);
                for (long token : tokens) occurrences.merge(token, 1, Integer::sum);
            }
            log.sortByHome();
            assertSortedByHomeInCallOrder(log, occurrences);
        }
    }

    /**
     * Distinct tokens whose home orders share their top 40 bits in threes, each three logged in
     * descending order and again in many calls: no radix pass orders them, the insertion sort must.
     */
    @Test
    void sortByHomeOrdersHomesThatShareTheirTopBitsExactly() {
        AddLog log = new AddLog(200_000);
        SplittableRandom random = new SplittableRandom(17);
        long[] tops = random.longs(2_000).map(top -> top & -1L << 24).toArray();
        Map<Long, Integer> occurrences = new HashMap<>();
        for (int call = 0; log.size() < log.capacity(); call++) {
            long top = tops[random.nextInt(tops.length)];
            long[] tokens = {LinearProbing.tokenOf(top | 3), LinearProbing.tokenOf(top | 2), LinearProbing.tokenOf(top)};
            int added = log.append(tokens, 0, tokens.length, call, -call);
            for (int j = 0; j < added; j++) occurrences.merge(tokens[j], 1, Integer::sum);
        }
        log.sortByHome();
        assertSortedByHomeInCallOrder(log, occurrences);
    }

    @Test
    void sortByHomeOfAnEmptyLogLeavesItEmpty() {
        AddLog log = new AddLog(10);
        log.sortByHome();
        assertThat(log.isEmpty()).isTrue();
        log.append(new long[] {-3}, 0, 1, 2, 0);
        log.sortByHome();
        assertThat(log.token(0)).isEqualTo(-3);
        assertThat(log.dHam(0)).isEqualTo(2);
    }

    private static void assertSortedByHomeInCallOrder(AddLog log, Map<Long, Integer> occurrences) {
        Map<Long, Integer> lastCall = new HashMap<>();
        Map<Long, Integer> seen = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            long token = log.token(i);
            assertThat(log.dSpam(i)).isEqualTo(-log.dHam(i));
            Integer previous = lastCall.put(token, log.dHam(i));
            if (previous != null) {
                assertThat(log.dHam(i)).as("calls of token %d", token).isGreaterThanOrEqualTo(previous);
                assertThat(log.token(i - 1)).as("one run per token").isEqualTo(token);
            }
            seen.merge(token, 1, Integer::sum);
            if (i > 0) {
                assertThat(Long.compareUnsigned(LinearProbing.homeOrder(token), LinearProbing.homeOrder(log.token(i - 1))))
                        .isNotNegative();
            }
        }
        assertThat(seen).isEqualTo(occurrences);
    }

    @Test
    void runsEndWhereTheTokenChangesAndAddAllAppliesThemInOrderClamped() {
        AddLog log = new AddLog(10);
        log.append(new long[] {4, 4, 9}, 0, 3, 5, 1);
        log.append(new long[] {4}, 0, 1, -7, 0);
        log.append(new long[] {4}, 0, 1, 1, 0);
        log.sortByHome();
        int start = 0;
        while (log.token(start) != 4) start = log.runEnd(start);
        int end = log.runEnd(start);
        assertThat(end - start).isEqualTo(4);
        // In call order 5 + 5 - 7 + 1 = 4; the -7 first would have clamped at 0 and given 11.
        assertThat(log.addAll(start, end, Counts.pack(0, 0))).isEqualTo(Counts.pack(4, 2));
        assertThat(log.addAll(start, end, Counts.pack(0, 9))).isEqualTo(Counts.pack(4, 11));
        assertThat(log.addRun(start, Counts.pack(0, 0))).isEqualTo(Counts.pack(4, 2));
        assertThat(log.addRun(start, Counts.pack(0, 9))).isEqualTo(Counts.pack(4, 11));
    }

    /** Runs of one occurrence, runs that end the log, and a run whose adds clamp, in logs of every size. */
    @Test
    void addRunAppliesExactlyTheRunThatAddAllAppliesUpToItsEnd() {
        for (int capacity : new int[] {1, 7, 5_000, 300_000}) {
            AddLog log = new AddLog(capacity);
            SplittableRandom random = new SplittableRandom(capacity + 7);
            long[] common = random.longs(30).toArray();
            while (log.size() < capacity) {
                long[] tokens = new long[1 + random.nextInt(20)];
                for (int j = 0; j < tokens.length; j++) tokens[j] = random.nextBoolean() ? common[random.nextInt(30)] : random.nextLong();
                log.append(tokens, 0, tokens.length, random.nextInt(-2, 3), random.nextInt(-2, 3));
            }
            log.sortByHome();
            for (int start = 0, end; start < log.size(); start = end) {
                end = log.runEnd(start);
                long before = Counts.pack(random.nextInt(3), random.nextInt(3));
                assertThat(log.addRun(start, before)).as("run at %d", start).isEqualTo(log.addAll(start, end, before));
            }
        }
    }
}
