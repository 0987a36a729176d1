package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.bayard.core.store.Counts;
import org.junit.jupiter.api.Test;

class LogRunsTest {
    /** A log of three calls over tokens 1, 2, 3 and -5, sorted by home, with its runs taken. */
    private static AddLog loggedAndRun(LogRuns runs) {
        AddLog log = new AddLog(100);
        log.append(new long[] {1, 2, -5}, 0, 3, 1, 0);
        log.append(new long[] {3, 1}, 0, 2, 0, 2);
        log.append(new long[] {2, 3}, 0, 2, -1, -2);
        log.sortByHome();
        runs.addEveryRun(log);
        return log;
    }

    @Test
    void takesOneRunPerTokenInHomeOrder() {
        LogRuns runs = new LogRuns();
        loggedAndRun(runs);
        assertThat(runs.size()).isEqualTo(4);
        for (int run = 1; run < runs.size(); run++) {
            assertThat(Long.compareUnsigned(LinearProbing.homeOrder(runs.token(run - 1)), LinearProbing.homeOrder(runs.token(run))))
                    .isNegative();
        }
    }

    /** Token 2 is learned and unlearned, token 3 unlearned past 0 then learned: both end where they began. */
    @Test
    void keepsOnlyTheTokensWhoseCountsChangedWithTheirNewCounts() {
        LogRuns runs = new LogRuns();
        AddLog log = loggedAndRun(runs);
        for (int run = 0; run < runs.size(); run++) {
            long token = runs.token(run);
            runs.counts()[run] = token == 3 ? Counts.pack(0, 2) : Counts.pack(4, 4);
        }
        runs.keepChanged(log);

        List<String> kept = new ArrayList<>();
        runs.forEachInUnsignedOrder((token, counts) -> kept.add(token + "=" + Counts.ham(counts) + "/" + Counts.spam(counts)));
        // 3: (0, 2) + (0, 2) + (-1, -2) = (0, 2) after clamping; 2: (4, 4) + (1, 0) + (-1, -2) = (4, 2).
        assertThat(kept).containsExactly("1=5/6", "2=4/2", "-5=5/4");
        assertThat(runs.size()).isEqualTo(3);
    }

    /** Arrays grown past the log by holding many tokens are freed; those within it are kept for the next batch. */
    @Test
    void clearingWithinABoundFreesOnlyArraysLongerThanIt() {
        PendingCounts pending = new PendingCounts();
        for (long token = 1; token <= 100; token++) pending.insert(pending.find(token), token, token);
        LogRuns runs = new LogRuns();
        runs.holdAll(pending);
        runs.clearWithin(100);
        assertThat(runs.size()).isZero();
        assertThat(runs.tokens()).hasSize(100);
        runs.holdAll(pending);
        runs.clearWithin(50);
        assertThat(runs.size()).isZero();
        assertThat(runs.tokens()).isEmpty();
        runs.holdAll(pending);
        List<Long> walked = new ArrayList<>();
        runs.forEachInUnsignedOrder((token, counts) -> walked.add(token));
        assertThat(walked).hasSize(100).isSorted();
    }

    @Test
    void holdsWhatPendingHeldAndWalksItInUnsignedOrder() {
        PendingCounts pending = new PendingCounts();
        for (long token : new long[] {-1, 7, 0, Long.MIN_VALUE, 3}) pending.insert(pending.find(token), token, token + 10);
        LogRuns runs = new LogRuns();
        loggedAndRun(runs);
        runs.holdAll(pending);
        List<Long> walked = new ArrayList<>();
        runs.forEachInUnsignedOrder((token, counts) -> {
            assertThat(counts).isEqualTo(token + 10);
            walked.add(token);
        });
        assertThat(walked).containsExactly(0L, 3L, 7L, Long.MIN_VALUE, -1L);
    }

    /** {@code tokens} as the walk hands them on, held in the order given, each with counts of its own. */
    private static List<Long> walkedInUnsignedOrder(long... tokens) {
        PendingCounts pending = new PendingCounts();
        for (long token : tokens) pending.insert(pending.find(token), token, ~token);
        LogRuns runs = new LogRuns();
        runs.holdAll(pending);
        List<Long> walked = new ArrayList<>();
        runs.forEachInUnsignedOrder((token, counts) -> {
            assertThat(counts).isEqualTo(~token);
            walked.add(token);
        });
        return walked;
    }

    private static void assertWalkedInUnsignedOrder(long... tokens) {
        List<Long> expected = new ArrayList<>(LongStream.of(tokens).boxed().toList());
        expected.sort(Long::compareUnsigned);
        assertThat(walkedInUnsignedOrder(tokens)).isEqualTo(expected);
    }

    @Test
    void walksHashedTokensOfEverySizeInUnsignedOrder() {
        SplittableRandom random = new SplittableRandom(23);
        for (int n : new int[] {0, 1, 2, 3, 40, 1_000, 300_000}) assertWalkedInUnsignedOrder(random.longs(n).distinct().toArray());
    }

    /** Tokens that share their top 40 bits in threes, held in descending order: the insertion sort orders them. */
    @Test
    void walksTokensThatShareTheirTopBitsInUnsignedOrder() {
        long[] tops = new SplittableRandom(29).longs(20_000).map(top -> top & -1L << 24).distinct().toArray();
        long[] tokens = new long[3 * tops.length];
        for (int i = 0; i < tops.length; i++) {
            tokens[3 * i] = tops[i] | 3;
            tokens[3 * i + 1] = tops[i] | 2;
            tokens[3 * i + 2] = tops[i] | 1;
        }
        assertWalkedInUnsignedOrder(tokens);
    }

    /**
     * Tokens that differ only in their low bits (not hashes) crowd one bucket, held in descending
     * order: past the insertion sort's budget. Alone, sorted in one pass; among many hashes, in a
     * bucket in the middle, sorted bucket by bucket.
     */
    @Test
    void walksTokensCrowdingOneBucketInUnsignedOrder() {
        long[] crowded = LongStream.range(0, 50_000).map(i -> 0x80L << 56 | 50_000 - i).toArray();
        assertWalkedInUnsignedOrder(crowded);
        long[] hashes = new SplittableRandom(31).longs(150_000).toArray();
        assertWalkedInUnsignedOrder(LongStream.concat(LongStream.of(hashes), LongStream.of(crowded)).distinct().toArray());
    }
}
