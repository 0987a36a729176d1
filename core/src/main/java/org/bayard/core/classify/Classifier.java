package org.bayard.core.classify;

import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongFunction;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Totals;

/**
 * Robinson's per-token probability with chi-square combining. Pure: counts in, {@link Score}
 * out; the caller looks the counts up (in one batch) and passes them in.
 *
 * <p>Not thread-safe: it reuses scratch arrays between calls. Use one per thread.
 */
public final class Classifier {
    private final ClassifierParams params;
    // Scratch, reused so a call allocates nothing per token. The sums work on the message's
    // distinct count pairs: their groups, the strong ones' probabilities and token numbers, and
    // the ranked runs.
    private final CountGroups groups = new CountGroups();
    private double[] strongProbs = new double[512];
    private int[] strongTokens = new int[512];
    private final StrongestFirst.Runs ranked = new StrongestFirst.Runs();
    private final ProbabilityLogs logs = new ProbabilityLogs();
    private final ChiSquare.Indicator indicator = new ChiSquare.Indicator();
    // Only for the clues, token by token: the strong probabilities, the input index each came
    // from, their strengths and the chosen order.
    private double[] probs = new double[1024];
    private int[] from = new int[1024];
    private double[] strengths = new double[1024];
    private int[] chosen = new int[1024];

    public Classifier(ClassifierParams params) {
        this.params = Objects.requireNonNull(params);
    }

    public ClassifierParams params() {
        return params;
    }

    /**
     * Robinson's f(w): the token's ratio-based spam probability, pulled towards the prior x in
     * proportion to how little evidence there is. Ratios are per class total, so an imbalanced
     * training set (more ham than spam, as is usual) does not bias the token.
     */
    public double tokenProbability(int hamCount, int spamCount, Totals totals) {
        double hamRatio = totals.ham() > 0 ? (double) hamCount / totals.ham() : 0.0;
        double spamRatio = totals.spam() > 0 ? (double) spamCount / totals.spam() : 0.0;
        double n = (double) hamCount + spamCount;
        double s = params.unknownWordStrength();
        double x = params.unknownWordProb();
        if (hamRatio + spamRatio == 0.0) return x;
        double p = spamRatio / (hamRatio + spamRatio);
        return (s * x + n * p) / (s + n);
    }

    /**
     * Scores a message's distinct tokens.
     *
     * @param tokens the distinct feature hashes, {@code tokens[0..count)}
     * @param counts the packed {@link Counts} of each token, same order
     * @param names names the clues; {@code null} to skip building clues (the fast path)
     */
    public Score classify(long[] tokens, int count, long[] counts, Totals totals, LongFunction<String> names) {
        int distinct = strongProbabilities(counts, count, totals);
        StrongestFirst.rank(strongProbs, strongTokens, distinct, params.maxDiscriminators(), ranked);
        int n = ranked.taken();

        double sumLnP = 0, sumLnQ = 0;
        for (int r = 0; r < ranked.size(); r++) {
            // a run's logs are looked up once, then added token by token as before
            int slot = logs.slot(ranked.prob(r));
            double lnP = logs.lnP(slot);
            double lnQ = logs.lnQ(slot);
            for (int t = ranked.tokens(r); t > 0; t--) {
                sumLnP += lnP;
                sumLnQ += lnQ;
            }
        }
        // Past maxEvidenceTokens, the sums are scaled down to that many tokens' worth: a long
        // message's evidence is averaged, not piled up (see ClassifierParams for why).
        int evidence = Math.min(n, params.maxEvidenceTokens());
        if (n > evidence) {
            double scale = (double) evidence / n;
            sumLnP *= scale;
            sumLnQ *= scale;
        }
        indicator.combine(sumLnP, sumLnQ, evidence);
        double probability = indicator.probability();
        List<Clue> clues = names == null ? List.of() : clues(tokens, count, counts, totals, n, names);
        return new Score(probability, indicator.logOdds(), params.verdict(probability), clues, count, n);
    }

    /**
     * Groups the tokens by counts and keeps each strong group's probability and number of tokens
     * in {@code strongProbs} and {@code strongTokens}; returns how many groups it kept.
     */
    private int strongProbabilities(long[] counts, int count, Totals totals) {
        groups.clear();
        for (int i = 0; i < count; i++) groups.add(counts[i]);
        int distinct = groups.size();
        if (strongProbs.length < distinct) {
            strongProbs = new double[Math.max(distinct, strongProbs.length * 2)];
            strongTokens = new int[strongProbs.length];
        }
        int strong = 0;
        for (int g = 0; g < distinct; g++) {
            long c = groups.counts(g);
            double p = tokenProbability(Counts.ham(c), Counts.spam(c), totals);
            // Written whether strong or not, and kept by moving on past it: no branch on the
            // strength, which would wait for this group's three divisions and, mispredicted
            // (it goes either way from group to group), throw away the next groups' ones.
            strongProbs[strong] = p;
            strongTokens[strong] = groups.tokens(g);
            strong += isStrong(p) ? 1 : 0;
        }
        return strong;
    }

    /** Whether a token with this probability is combined: far enough from neutral, and not neutral. */
    private boolean isStrong(double p) {
        double strength = StrongestFirst.strength(p);
        return strength >= params.minimumProbStrength() & strength > 0.0; // no short circuit: one branch-free test
    }

    /**
     * Indices into probs, in {@link StrongestFirst}'s order, and equal probabilities in input
     * order, so the clues come out the same every time. Only when clues are wanted: the
     * comparator sort is the slow way to that order.
     */
    private int[] strongestFirstIndices(int used) {
        int[] idx = chosen;
        double[] p = probs;
        for (int i = 0; i < used; i++) {
            idx[i] = i;
            strengths[i] = StrongestFirst.strength(p[i]);
        }
        double[] s = strengths;
        IntArrays.quickSort(idx, 0, used, (a, b) -> {
            int c = Double.compare(s[b], s[a]);
            if (c != 0) return c;
            c = Double.compare(p[b], p[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        return idx;
    }

    /**
     * The strongest n tokens as clues, token by token. Equal probabilities come in input order,
     * so the clues come out the same every time.
     */
    private List<Clue> clues(long[] tokens, int count, long[] counts, Totals totals, int n, LongFunction<String> names) {
        ensureCapacity(count);
        int used = 0;
        for (int i = 0; i < count; i++) {
            long c = counts[i];
            double p = tokenProbability(Counts.ham(c), Counts.spam(c), totals);
            if (isStrong(p)) {
                probs[used] = p;
                from[used] = i;
                used++;
            }
        }
        int[] chosen = strongestFirstIndices(used);
        List<Clue> clues = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = from[chosen[k]];
            long c = counts[i];
            clues.add(new Clue(names.apply(tokens[i]), probs[chosen[k]], Counts.ham(c), Counts.spam(c)));
        }
        return clues;
    }

    private void ensureCapacity(int count) {
        if (probs.length < count) {
            int size = Math.max(count, probs.length * 2);
            probs = new double[size];
            from = new int[size];
            strengths = new double[size];
            chosen = new int[size];
        }
    }
}
