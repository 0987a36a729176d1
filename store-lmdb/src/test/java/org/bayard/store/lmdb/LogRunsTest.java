package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
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
        log.sortByHomeInto(runs);
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
        runs.forEach((token, counts) -> kept.add(token + "=" + Counts.ham(counts) + "/" + Counts.spam(counts)));
        // 3: (0, 2) + (0, 2) + (-1, -2) = (0, 2) after clamping; 2: (4, 4) + (1, 0) + (-1, -2) = (4, 2).
        // In home order: the mix puts 2 (0x3c6e...) before 1 (0x9e37...) and -5 (0xe8ea...).
        assertThat(kept).containsExactly("2=4/2", "1=5/6", "-5=5/4");
        assertThat(runs.size()).isEqualTo(3);
    }

    /**
     * Without negative deltas the runs come with their adds summed: the counts kept must be those
     * of adding each call in turn, also where they reach Integer.MAX_VALUE; in a small log, and in
     * one large enough to be sorted packed.
     */
    @Test
    void summedAddsKeepTheCountsOfAddingEachCallInTurn() {
        Random random = new Random(13);
        IntSupplier someLarge = () -> random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(3);
        for (int round = 0; round < 100; round++) {
            assertKeepsTheCountsOfEachCallInTurn(random, 40, 20, () -> 1 + random.nextInt(50), someLarge);
        }
        for (int round = 0; round < 3; round++) {
            assertKeepsTheCountsOfEachCallInTurn(random, 300, 1_000, () -> 1 + random.nextInt(100_000), someLarge);
        }
    }

    /** Training's deltas, a log large enough to be sorted packed: the runs' adds are summed as packed counts. */
    @Test
    void summedAddsOfTrainingsDeltasKeepTheCountsOfEachCallInTurn() {
        Random random = new Random(23);
        for (int round = 0; round < 3; round++) {
            assertKeepsTheCountsOfEachCallInTurn(random, 400, 1_000, () -> 1 + random.nextInt(30_000), () -> random.nextInt(2));
        }
    }

    /**
     * Runs taken summed hold home orders: the sums writer gets each run's home order, and the
     * runs' tokens, read one by one, as an array or walked, are the tokens logged.
     */
    @Test
    void summedRunsHandTheirHomeOrdersToTheSumsWriterAndTheirTokensToTheRest() {
        for (int capacity : new int[] {100, 300_000}) {
            AddLog log = new AddLog(capacity);
            Random random = new Random(capacity);
            while (log.size() < capacity) {
                long[] tokens = LongStream.generate(() -> random.nextInt(50_000) - 25_000).limit(200).distinct().toArray();
                log.append(tokens, 0, tokens.length, 1, 0);
            }
            LogRuns runs = new LogRuns();
            log.sortByHomeInto(runs);
            assertThat(runs.summed()).isTrue();
            List<Long> tokens = new ArrayList<>();
            for (int run = 0; run < runs.size(); run++) tokens.add(runs.token(run));
            List<Long> homes = new ArrayList<>();
            runs.writeSums((home, sums) -> {
                homes.add(home);
                return sums;
            });
            assertThat(homes).isEqualTo(tokens.stream().map(LinearProbing::homeOrder).toList());
            List<Long> walked = new ArrayList<>();
            runs.forEach((token, counts) -> walked.add(token));
            assertThat(walked).isEqualTo(tokens);
            assertThat(runs.tokens()).startsWith(tokens.stream().mapToLong(Long::longValue).toArray());
            assertThat(runs.token(0)).isEqualTo(tokens.get(0));
        }
    }

    /** More distinct deltas than a packed occurrence numbers: the log is sorted unpacked, its runs still summed. */
    @Test
    void summedAddsOfMoreDistinctDeltasThanPackingNumbersKeepTheCountsOfEachCallInTurn() {
        Random random = new Random(19);
        assertKeepsTheCountsOfEachCallInTurn(random, 2 * DeltaClasses.MAX, 1_000, () -> 1 + random.nextInt(100_000),
                () -> random.nextInt(Integer.MAX_VALUE));
    }

    /**
     * Tokens whose homes share their top 40 bits crowd one bucket of the packed sort, which then
     * sorts it whole; half of them have the top bit of their packed form set.
     */
    @Test
    void summedAddsOfTokensCrowdingOneBucketKeepTheCountsOfEachCallInTurn() {
        Random random = new Random(17);
        assertKeepsTheCountsOfEachCallInTurn(random, 400, 1_000,
                () -> LinearProbing.tokenOf((random.nextBoolean() ? 1L << 55 : 0) | random.nextInt(3_000)),
                () -> random.nextInt(3));
    }

    /** Logs {@code calls} calls of up to {@code perCall} tokens each with deltas of 0 or more, and checks the counts kept. */
    private static void assertKeepsTheCountsOfEachCallInTurn(Random random, int calls, int perCall, LongSupplier tokenSource,
                                                             IntSupplier hamDeltas) {
        AddLog log = new AddLog(calls * perCall);
        Map<Long, Long> before = new HashMap<>();
        Map<Long, Long> expected = new HashMap<>();
        for (int call = 0; call < calls; call++) {
            int dHam = hamDeltas.getAsInt();
            int dSpam = random.nextInt(3);
            long[] tokens = LongStream.generate(tokenSource).limit(1 + random.nextInt(perCall)).distinct().toArray();
            log.append(tokens, 0, tokens.length, dHam, dSpam);
            for (long token : tokens) {
                before.computeIfAbsent(token, t -> Counts.pack(
                        random.nextInt(4) == 0 ? Integer.MAX_VALUE - random.nextInt(3) : random.nextInt(5), random.nextInt(1000)));
                expected.put(token, Counts.add(expected.getOrDefault(token, before.get(token)), dHam, dSpam));
            }
        }
        LogRuns runs = new LogRuns();
        log.sortByHomeInto(runs);
        for (int run = 0; run < runs.size(); run++) runs.counts()[run] = before.get(runs.token(run));
        runs.keepChanged(log);
        List<Long> kept = new ArrayList<>();
        Map<Long, Long> keptCounts = new HashMap<>();
        runs.forEach((token, counts) -> {
            kept.add(token);
            keptCounts.put(token, counts);
        });
        expected.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        assertThat(keptCounts).isEqualTo(expected);
        List<Long> inHomeOrder = new ArrayList<>(kept);
        inHomeOrder.sort((a, b) -> Long.compareUnsigned(LinearProbing.homeOrder(a), LinearProbing.homeOrder(b)));
        assertThat(kept).isEqualTo(inHomeOrder);
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
        assertThat(runs.size()).isEqualTo(100);
    }

    @Test
    void holdsWhatPendingHeldInHomeOrder() {
        PendingCounts pending = new PendingCounts();
        List<Long> tokens = List.of(-1L, 7L, 0L, Long.MIN_VALUE, 3L);
        for (long token : tokens) pending.insert(pending.find(token), token, token + 10);
        LogRuns runs = new LogRuns();
        loggedAndRun(runs);
        runs.holdAll(pending);
        List<Long> walked = new ArrayList<>();
        runs.forEach((token, counts) -> {
            assertThat(counts).isEqualTo(token + 10);
            walked.add(token);
        });
        List<Long> expected = new ArrayList<>(tokens);
        expected.sort((a, b) -> Long.compareUnsigned(LinearProbing.homeOrder(a), LinearProbing.homeOrder(b)));
        assertThat(walked).isEqualTo(expected);
    }

    /**
     * The one-add shortcut against the clamped adds it stands for, on every pair of halves near
     * where they clamp or carry: 0, 1, the int range's top and just past it (as sums of the two
     * halves), negative halves (never stored, but the same value is owed), and random ones.
     */
    @Test
    void addSumsGivesWhatTheClampedAddsGiveForAnyHalves() {
        int[] edges = {0, 1, 2, 0x3fff_ffff, 0x4000_0000, Integer.MAX_VALUE - 1, Integer.MAX_VALUE, -1, Integer.MIN_VALUE, -2};
        Random random = new Random(1900);
        List<Long> values = new ArrayList<>();
        for (int ham : edges) for (int spam : edges) values.add(Counts.pack(ham, spam));
        for (int i = 0; i < 200; i++) values.add(random.nextLong());
        for (int i = 0; i < 200; i++) values.add(Counts.pack(random.nextInt(Integer.MAX_VALUE), random.nextInt(Integer.MAX_VALUE)));
        for (long counts : values) {
            for (long sums : values) {
                assertThat(LogRuns.addSums(counts, sums))
                        .as("%x + %x", counts, sums)
                        .isEqualTo(Counts.add(counts, Counts.ham(sums), Counts.spam(sums)));
            }
        }
    }
}
