package org.bayard.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StrongestFirstTest {

    /** The order the classifier always summed in: strength descending, then p descending. */
    private static double[] byComparator(double[] probs, int n) {
        Double[] boxed = Arrays.stream(probs).boxed().toArray(Double[]::new);
        Arrays.sort(boxed, Comparator.comparingDouble((Double p) -> StrongestFirst.strength(p)).reversed()
                .thenComparing(Comparator.<Double>reverseOrder()));
        return Arrays.stream(boxed).limit(n).mapToDouble(Double::doubleValue).toArray();
    }

    /** Ranks with each value's tokens in one group. */
    private static double[] ranked(double[] probs, int n) {
        double[] distinct = Arrays.stream(probs).distinct().toArray();
        int[] tokens = Arrays.stream(distinct).mapToInt(d -> (int) Arrays.stream(probs).filter(p -> p == d).count()).toArray();
        return ranked(distinct, tokens, n);
    }

    /** Ranks groups of tokens, then spells the runs out token by token. */
    private static double[] ranked(double[] probs, int[] tokens, int n) {
        StrongestFirst.Runs runs = new StrongestFirst.Runs();
        StrongestFirst.rank(probs.clone(), tokens.clone(), probs.length, n, runs);
        double[] out = new double[n];
        int k = 0;
        for (int r = 0; r < runs.size(); r++) {
            for (int t = 0; t < runs.tokens(r); t++) out[k++] = runs.prob(r);
        }
        assertThat(k).isEqualTo(n).isEqualTo(runs.taken());
        return out;
    }

    private static void assertSameSequence(double[] probs, int n) {
        assertSameSequence(probs, n, ranked(probs, n));
    }

    private static void assertSameSequence(double[] probs, int n, double[] actual) {
        double[] expected = byComparator(probs, n);
        // Bit for bit: the sums depend on the exact sequence.
        assertThat(Arrays.stream(actual).mapToLong(Double::doubleToRawLongBits).toArray())
                .as("%s, n=%d", Arrays.toString(probs), n)
                .containsExactly(Arrays.stream(expected).mapToLong(Double::doubleToRawLongBits).toArray());
    }

    @Test
    void strongestComeFirstFromEitherSide() {
        assertThat(ranked(new double[] {0.2, 0.9, 0.6, 0.01, 0.99}, 5)).containsExactly(0.99, 0.01, 0.9, 0.2, 0.6);
    }

    @Test
    void equalStrengthPutsTheSpammierFirst() {
        assertThat(ranked(new double[] {0.25, 0.75, 0.75, 0.25}, 4)).containsExactly(0.75, 0.75, 0.25, 0.25);
    }

    @Test
    void hammyProbabilitiesWhoseStrengthRoundsAlikeComeLargerFirst() {
        // 0.5 - p rounds to the same double for all three: equal strengths, so larger p first.
        double[] probs = {1e-20, 3e-20, 2e-20, 0.9};
        assertThat(StrongestFirst.strength(1e-20)).isEqualTo(StrongestFirst.strength(3e-20));
        assertThat(ranked(probs, 4)).containsExactly(3e-20, 2e-20, 1e-20, 0.9);
        assertSameSequence(probs, 2);
    }

    @Test
    void takesOnlyTheStrongestN() {
        assertThat(ranked(new double[] {0.1, 0.95, 0.3, 0.8}, 2)).containsExactly(0.95, 0.1);
    }

    @Test
    void matchesTheComparatorOrderOnRandomProbabilities() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 2_000; round++) {
            int used = 1 + random.nextInt(60);
            double[] probs = new double[used];
            for (int i = 0; i < used; i++) probs[i] = randomProbability(random);
            assertSameSequence(probs, used);
            assertSameSequence(probs, 1 + random.nextInt(used));
        }
    }

    /** Tokens with different counts may still share a probability: then two groups hold one value. */
    @Test
    void matchesTheComparatorOrderWhenGroupsShareAProbability() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 2_000; round++) {
            int groups = 1 + random.nextInt(30);
            double[] probs = new double[groups];
            int[] tokens = new int[groups];
            int total = 0;
            for (int g = 0; g < groups; g++) {
                probs[g] = randomProbability(random);
                tokens[g] = 1 + random.nextInt(5);
                total += tokens[g];
            }
            double[] spelled = new double[total];
            for (int g = 0, k = 0; g < groups; g++) {
                for (int t = 0; t < tokens[g]; t++) spelled[k++] = probs[g];
            }
            int n = 1 + random.nextInt(total);
            assertSameSequence(spelled, n, ranked(probs, tokens, n));
        }
    }

    /** Values a few ulps apart share a bucket, shuffled: the insertion sort alone orders them. */
    @Test
    void valuesSharingABucketComeInOrder() {
        SplittableRandom random = new SplittableRandom(13);
        for (int round = 0; round < 200; round++) {
            double[] probs = new double[2 + random.nextInt(40)];
            double base = random.nextBoolean() ? 0.93 : 0.07;
            for (int i = 0; i < probs.length; i++) probs[i] = base + random.nextInt(-1000, 1000) * 0x1p-50;
            assertSameSequence(probs, probs.length);
        }
    }

    /**
     * Past the bucketed range on both sides: tokens of a model of millions of messages (0.5 -
     * strength below 2^-18) and weak values a zero minimum strength lets through (above 2^-2).
     */
    @Test
    void valuesBeyondTheBucketsComeInOrder() {
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 500; round++) {
            double[] probs = new double[1 + random.nextInt(50)];
            for (int i = 0; i < probs.length; i++) {
                double near = 0.15 / (0.3 + random.nextInt(1, 5_000_000));
                probs[i] = switch (random.nextInt(3)) {
                    case 0 -> near;
                    case 1 -> 1 - near;
                    default -> 0.3 + 0.4 * random.nextDouble();
                };
            }
            assertSameSequence(probs, probs.length);
            assertSameSequence(probs, 1 + random.nextInt(probs.length));
        }
    }

    /**
     * Thousands of values in one bucket, as a model of millions of messages can give a long
     * message: the coarse passes that keep this from costing the square of their number must
     * still leave exactly the comparator's order.
     */
    @Test
    void aCrowdedBucketComesInOrder() {
        SplittableRandom random = new SplittableRandom(19);
        for (int size : new int[] {33, 500, 5_000}) {
            double[] probs = new double[size];
            for (int i = 0; i < size; i++) {
                double near = 0x1p-30 * (1 + random.nextInt(1_000_000) * 0x1p-20);
                probs[i] = random.nextBoolean() ? near : 1 - near;
            }
            assertSameSequence(probs, size);
            assertSameSequence(probs, 1 + random.nextInt(size));
        }
    }

    @Test
    void nothingToRankGivesNoRuns() {
        StrongestFirst.Runs runs = new StrongestFirst.Runs();
        StrongestFirst.rank(new double[0], new int[0], 0, 300, runs);
        assertThat(runs.size()).isZero();
        assertThat(runs.taken()).isZero();
    }

    /** Fewer tokens than the cap: all of them, in order, and taken() counts them for the classifier. */
    @Test
    void aCapAboveTheTokensTakesThemAll() {
        StrongestFirst.Runs runs = new StrongestFirst.Runs();
        StrongestFirst.rank(new double[] {0.2, 0.9, 0.6}, new int[] {3, 1, 2}, 3, 300, runs);
        assertThat(runs.taken()).isEqualTo(6);
        assertThat(runs.size()).isEqualTo(3);
        assertThat(new double[] {runs.prob(0), runs.prob(1), runs.prob(2)}).containsExactly(0.9, 0.2, 0.6);
        assertThat(new int[] {runs.tokens(0), runs.tokens(1), runs.tokens(2)}).containsExactly(1, 3, 2);
    }

    @Test
    void aCapInsideARunTakesPartOfIt() {
        StrongestFirst.Runs runs = new StrongestFirst.Runs();
        StrongestFirst.rank(new double[] {0.2, 0.9}, new int[] {3, 1}, 2, 3, runs);
        assertThat(runs.taken()).isEqualTo(3);
        assertThat(new int[] {runs.tokens(0), runs.tokens(1)}).containsExactly(1, 2);
    }

    /** Mostly repeated and tiny values, where ties and rounded strengths live. */
    private static double randomProbability(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(10) / 10.0 + 0.05;
            case 1 -> (1 + random.nextInt(4)) * 1e-17;
            case 2 -> 1 - random.nextInt(5) * 0x1p-53;
            default -> random.nextDouble();
        };
    }

    /**
     * One Runs ranks message after message, as the classifier's does: each ranking clears only
     * the buckets the one before used, so rankings over different ranges of buckets, of different
     * sizes, must each come out as a fresh ranking would.
     */
    @Test
    void aReusedRunsRanksEachMessageAsAFreshOneWould() {
        SplittableRandom random = new SplittableRandom(23);
        StrongestFirst.Runs reused = new StrongestFirst.Runs();
        for (int round = 0; round < 2_000; round++) {
            int groups = round % 7 == 0 ? 0 : 1 + random.nextInt(round % 5 == 0 ? 400 : 40);
            // some rounds only spammy or only hammy, strong or weak: their buckets differ from the round before's
            double low = round % 3 == 0 ? 0.5 : 0.0, high = round % 3 == 1 ? 0.5 : 1.0;
            double[] probs = new double[groups];
            int[] tokens = new int[groups];
            for (int g = 0; g < groups; g++) {
                probs[g] = random.nextDouble(low, high);
                tokens[g] = 1 + random.nextInt(3);
            }
            int n = 1 + random.nextInt(3 * groups + 1);
            StrongestFirst.Runs fresh = new StrongestFirst.Runs();
            StrongestFirst.rank(probs.clone(), tokens.clone(), groups, n, fresh);
            StrongestFirst.rank(probs.clone(), tokens.clone(), groups, n, reused);
            assertThat(reused.size()).as("round %d", round).isEqualTo(fresh.size());
            assertThat(reused.taken()).isEqualTo(fresh.taken());
            for (int r = 0; r < fresh.size(); r++) {
                assertThat(Double.doubleToRawLongBits(reused.prob(r))).as("round %d run %d", round, r)
                        .isEqualTo(Double.doubleToRawLongBits(fresh.prob(r)));
                assertThat(reused.tokens(r)).isEqualTo(fresh.tokens(r));
            }
        }
    }

    /**
     * One Runs reused over messages whose values lie in buckets far apart (only the end buckets,
     * only the middle, one bucket, none at all), larger and smaller than the one before: each
     * ranking is the comparator's sequence, bit for bit, whatever buckets the ranking before it
     * left counted.
     */
    @Test
    void aReusedRunsRanksAsTheComparatorOrdersWhateverCameBefore() {
        SplittableRandom random = new SplittableRandom(1821);
        StrongestFirst.Runs reused = new StrongestFirst.Runs();
        double[][] ranges = {{0.0, 1e-7}, {1 - 1e-7, 1.0}, {0.49, 0.51}, {0.3, 0.31}, {0.0, 1.0}, {0.5, 0.5}};
        for (int round = 0; round < 5_000; round++) {
            int distinct = round % 9 == 0 ? 0 : 1 + random.nextInt(round % 4 == 0 ? 600 : 50);
            double[] range = ranges[random.nextInt(ranges.length)];
            double[] probs = new double[distinct];
            for (int i = 0; i < distinct; i++) {
                probs[i] = random.nextInt(8) == 0 ? (random.nextBoolean() ? 0.0 : 1.0)
                        : range[0] == range[1] ? range[0] : random.nextDouble(range[0], range[1]);
            }
            probs = Arrays.stream(probs).distinct().toArray();
            int[] tokens = new int[probs.length];
            int all = 0;
            for (int i = 0; i < probs.length; i++) all += tokens[i] = 1 + random.nextInt(3);
            int n = random.nextInt(all + 2);
            StrongestFirst.rank(probs.clone(), tokens.clone(), probs.length, n, reused);
            int taken = Math.min(n, all);
            double[] out = new double[taken];
            int k = 0;
            for (int r = 0; r < reused.size(); r++) {
                for (int t = 0; t < reused.tokens(r); t++) out[k++] = reused.prob(r);
            }
            assertThat(k).as("round %d", round).isEqualTo(taken).isEqualTo(reused.taken());
            double[] every = new double[all];
            for (int i = 0, at = 0; i < probs.length; i++) for (int t = 0; t < tokens[i]; t++) every[at++] = probs[i];
            assertSameSequence(every, taken, out);
        }
    }
}
