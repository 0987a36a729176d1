package org.bayard.core.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Totals;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private final Classifier classifier = new Classifier(ClassifierParams.SPAMBAYES);
    private final Totals totals = new Totals(100, 100);

    @Test
    void unseenTokenHasTheUnknownWordProbability() {
        assertThat(classifier.tokenProbability(0, 0, totals)).isEqualTo(0.5);
    }

    @Test
    void tokenProbabilityFollowsRobinsonsFormula() {
        // p = (10/100) / (0/100 + 10/100) = 1; f = (0.45 * 0.5 + 10 * 1) / (0.45 + 10)
        assertThat(classifier.tokenProbability(0, 10, totals)).isCloseTo((0.225 + 10) / 10.45, within(1e-12));
    }

    @Test
    void classRatiosCorrectForImbalancedTraining() {
        // Seen in 10% of 1000 hams and 10% of 100 spams: exactly neutral.
        assertThat(classifier.tokenProbability(100, 10, new Totals(1000, 100))).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aClassWithNothingTrainedYetCountsAsNoEvidenceForIt() {
        // Only spam trained so far: the token's ham ratio is 0, not 0/0; p = 1, f = (0.45 * 0.5 + 3) / 3.45.
        assertThat(classifier.tokenProbability(0, 3, new Totals(0, 10))).isCloseTo((0.225 + 3) / 3.45, within(1e-12));
        assertThat(classifier.tokenProbability(3, 0, new Totals(10, 0))).isCloseTo(0.225 / 3.45, within(1e-12));
    }

    @Test
    void equalRatiosPullTowardsOneHalfNotTowardsThePrior() {
        // Seen as often in ham as in spam: p = 0.5, and only the prior's weight pulls it to x = 0.4.
        Classifier lowPrior = new Classifier(new ClassifierParams(0.45, 0.4, 0.1, 150, 150, 0.2, 0.9));
        assertThat(lowPrior.tokenProbability(10, 10, totals)).isCloseTo((0.45 * 0.4 + 20 * 0.5) / 20.45, within(1e-12));
    }

    @Test
    void aTokenExactlyAtTheMinimumStrengthIsCombined() {
        // An unseen token gets x = 0.75 exactly: its strength is exactly the minimum, 0.25.
        Classifier atMinimum = new Classifier(new ClassifierParams(0.45, 0.75, 0.25, 150, 150, 0.2, 0.9));
        assertThat(atMinimum.classify(new long[] {1}, 1, new long[] {Counts.pack(0, 0)}, totals, null).used()).isEqualTo(1);
    }

    @Test
    void aNeutralTokenIsNeverCombinedEvenWithNoMinimumStrength() {
        Classifier noMinimum = new Classifier(new ClassifierParams(0.45, 0.5, 0.0, 150, 150, 0.2, 0.9));
        long[] counts = {Counts.pack(0, 0), Counts.pack(7, 7), Counts.pack(0, 9)};
        Score s = noMinimum.classify(new long[] {1, 2, 3}, 3, counts, totals, h -> "t" + h);
        assertThat(s.used()).isEqualTo(1);
        assertThat(s.clues()).extracting(Clue::name).containsExactly("t3");
    }

    @Test
    void asStrongCluesComeSpammiestFirst() {
        // s = 1, one message each: exactly 0.25 and 0.75, as strong as each other.
        Classifier c = new Classifier(new ClassifierParams(1.0, 0.5, 0.1, 150, 150, 0.2, 0.9));
        long[] counts = {Counts.pack(1, 0), Counts.pack(0, 1)};
        Score s = c.classify(new long[] {1, 2}, 2, counts, totals, h -> "t" + h);
        assertThat(s.clues()).extracting(Clue::probability).containsExactly(0.75, 0.25);
        assertThat(s.clues()).extracting(Clue::name).containsExactly("t2", "t1");
    }

    @Test
    void aMessageWithThousandsOfDifferentCountsIsScoredAndExplained() {
        // More distinct counts than the classifier's first buffers hold (512 groups, 1024 clues).
        int n = 3000;
        long[] tokens = new long[n];
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = i;
            counts[i] = Counts.pack(0, 1 + i); // every token spammy, every count different
        }
        Classifier wide = new Classifier(new ClassifierParams(0.45, 0.5, 0.1, 10_000, 150, 0.2, 0.9));
        Score s = wide.classify(tokens, n, counts, new Totals(5000, 5000), h -> "t" + h);
        assertThat(s.used()).isEqualTo(n);
        assertThat(s.clues()).hasSize(n);
        assertThat(s.clues().get(0).name()).isEqualTo("t" + (n - 1));
        assertThat(s.clues().get(n - 1).name()).isEqualTo("t0");
        assertThat(s.verdict()).isEqualTo(Verdict.SPAM);
    }

    @Test
    void messageOfSpamTokensIsSpamWithCluesStrongestFirst() {
        long[] tokens = {1, 2, 3};
        long[] counts = {Counts.pack(0, 50), Counts.pack(0, 5), Counts.pack(1, 80)};
        Score s = classifier.classify(tokens, 3, counts, totals, h -> "t" + h);
        assertThat(s.verdict()).isEqualTo(Verdict.SPAM);
        assertThat(s.probability()).isGreaterThan(0.9);
        assertThat(s.clues()).extracting(Clue::name).containsExactly("t1", "t3", "t2");
        assertThat(s.clues().get(0).spamCount()).isEqualTo(50);
    }

    @Test
    void weakTokensAreNotCombined() {
        long[] tokens = {1, 2};
        long[] counts = {Counts.pack(50, 50), Counts.pack(0, 0)};
        Score s = classifier.classify(tokens, 2, counts, totals, null);
        assertThat(s.used()).isZero();
        assertThat(s.probability()).isEqualTo(0.5);
        assertThat(s.verdict()).isEqualTo(Verdict.UNSURE);
    }

    @Test
    void onlyTheStrongestDiscriminatorsAreUsed() {
        Classifier small = new Classifier(new ClassifierParams(0.45, 0.5, 0.1, 2, 2, 0.2, 0.9));
        long[] tokens = {1, 2, 3};
        long[] counts = {Counts.pack(0, 90), Counts.pack(90, 0), Counts.pack(0, 3)};
        Score s = small.classify(tokens, 3, counts, totals, h -> "t" + h);
        assertThat(s.used()).isEqualTo(2);
        assertThat(s.clues()).extracting(Clue::name).containsExactlyInAnyOrder("t1", "t2");
    }

    @Test
    void verdictUsesBothCutoffs() {
        ClassifierParams p = ClassifierParams.SPAMBAYES;
        assertThat(p.verdict(0.19)).isEqualTo(Verdict.HAM);
        assertThat(p.verdict(0.20)).isEqualTo(Verdict.UNSURE);
        assertThat(p.verdict(0.90)).isEqualTo(Verdict.SPAM);
    }

    @Test
    void badParametersAreRefusedWithTheirName() {
        assertThatThrownBy(() -> new ClassifierParams(0.45, 0.5, 0.1, 150, 150, 0.95, 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cutoffs");
        assertThatThrownBy(() -> new ClassifierParams(0, 0.5, 0.1, 150, 150, 0.2, 0.9))
                .hasMessageContaining("unknown-word-strength");
    }

    @Test
    void evidenceFromALongMessageIsAveragedNotPiledUp() {
        Classifier capped = new Classifier(new ClassifierParams(0.45, 0.5, 0.1, 10_000, 10, 0.2, 0.9));
        Classifier uncapped = new Classifier(new ClassifierParams(0.45, 0.5, 0.1, 10_000, 10_000, 0.2, 0.9));
        int n = 1000;
        long[] tokens = new long[n];
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = i;
            counts[i] = i % 3 == 0 ? Counts.pack(0, 3) : Counts.pack(2, 0); // mixed evidence
        }
        Score c = capped.classify(tokens, n, counts, totals, null);
        Score u = uncapped.classify(tokens, n, counts, totals, null);
        assertThat(c.used()).isEqualTo(n);
        assertThat(Math.abs(c.logOdds())).isLessThan(Math.abs(u.logOdds()));
        // Ten tokens' worth of the same average evidence: the sums of all 1000 scaled by 10 / 1000.
        assertThat(c.logOdds()).isEqualTo(tokenByTokenLogOdds(capped, counts, totals));
    }

    @Test
    void scoreIsBitIdenticalWithAndWithoutClues() {
        // Clues are picked token by token, the sums come from count groups: asking for clues must not move them.
        SplittableRandom random = new SplittableRandom(11);
        Classifier capped = new Classifier(new ClassifierParams(0.3, 0.5, 0.1, 40, 25, 0.2, 0.9));
        for (int round = 0; round < 500; round++) {
            int count = 1 + random.nextInt(120);
            long[] tokens = new long[count];
            long[] counts = new long[count];
            for (int i = 0; i < count; i++) {
                tokens[i] = i;
                counts[i] = Counts.pack(random.nextInt(6) * random.nextInt(40), random.nextInt(6) * random.nextInt(40));
            }
            Totals t = new Totals(1 + random.nextInt(500), 1 + random.nextInt(500));
            for (Classifier c : new Classifier[] {classifier, capped}) {
                Score fast = c.classify(tokens, count, counts, t, null);
                Score explained = c.classify(tokens, count, counts, t, h -> "t" + h);
                assertThat(Double.doubleToRawLongBits(fast.logOdds())).isEqualTo(Double.doubleToRawLongBits(explained.logOdds()));
                assertThat(Double.doubleToRawLongBits(fast.probability()))
                        .isEqualTo(Double.doubleToRawLongBits(explained.probability()));
                assertThat(fast.used()).isEqualTo(explained.used());
            }
        }
    }

    /**
     * The classifier sums a message's distinct count pairs run by run; the scores must be those
     * of summing every strong token's logs one by one in the strongest-first comparator order.
     */
    @Test
    void scoreIsBitIdenticalToSummingTokenByToken() {
        SplittableRandom random = new SplittableRandom(13);
        Classifier capped = new Classifier(new ClassifierParams(0.3, 0.5, 0.1, 40, 25, 0.2, 0.9));
        for (int round = 0; round < 500; round++) {
            int count = 1 + random.nextInt(400);
            long[] tokens = new long[count];
            long[] counts = new long[count];
            for (int i = 0; i < count; i++) {
                tokens[i] = i;
                counts[i] = Counts.pack(random.nextInt(4) * random.nextInt(20), random.nextInt(4) * random.nextInt(20));
            }
            Totals t = new Totals(1 + random.nextInt(500), 1 + random.nextInt(500));
            for (Classifier c : new Classifier[] {classifier, capped}) {
                assertThat(Double.doubleToRawLongBits(c.classify(tokens, count, counts, t, null).logOdds()))
                        .isEqualTo(Double.doubleToRawLongBits(tokenByTokenLogOdds(c, counts, t)));
            }
        }
    }

    private static double tokenByTokenLogOdds(Classifier c, long[] counts, Totals t) {
        ClassifierParams params = c.params();
        List<Double> strong = new ArrayList<>();
        for (long packed : counts) {
            double p = c.tokenProbability(Counts.ham(packed), Counts.spam(packed), t);
            double strength = Math.abs(p - 0.5);
            if (strength >= params.minimumProbStrength() && strength > 0.0) strong.add(p);
        }
        strong.sort(Comparator.comparingDouble((Double p) -> Math.abs(p - 0.5)).reversed()
                .thenComparing(Comparator.<Double>reverseOrder()));
        int n = Math.min(strong.size(), params.maxDiscriminators());
        double sumLnP = 0, sumLnQ = 0;
        for (int k = 0; k < n; k++) {
            sumLnP += Math.log(strong.get(k));
            sumLnQ += Math.log1p(-strong.get(k));
        }
        int evidence = Math.min(n, params.maxEvidenceTokens());
        if (n > evidence) {
            double scale = (double) evidence / n;
            sumLnP *= scale;
            sumLnQ *= scale;
        }
        return ChiSquare.combineLogOdds(sumLnP, sumLnQ, evidence);
    }
}
