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
    // Scratch, reused so a call allocates nothing per token: the probabilities that pass the
    // strength filter, the input index each came from, and the probabilities in summing order;
    // strengths and chosen only serve the clues.
    private double[] probs = new double[1024];
    private int[] from = new int[1024];
    private double[] ranked = new double[1024];
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
        ensureCapacity(count);
        int used = 0;
        double minStrength = params.minimumProbStrength();
        for (int i = 0; i < count; i++) {
            long c = counts[i];
            double p = tokenProbability(Counts.ham(c), Counts.spam(c), totals);
            double strength = StrongestFirst.strength(p);
            // Written always, kept by advancing: whether a token is strong enough is a coin toss
            // to the branch predictor, and a mispredicted branch per token cost more than the stores.
            probs[used] = p;
            from[used] = i;
            used += strength >= minStrength && strength > 0.0 ? 1 : 0;
        }
        int n = Math.min(used, params.maxDiscriminators());
        List<Clue> clues;
        if (names == null) {
            StrongestFirst.rank(probs, used, n, ranked);
            clues = List.of();
        } else {
            int[] chosen = strongestFirstIndices(used);
            for (int k = 0; k < n; k++) ranked[k] = probs[chosen[k]];
            clues = clues(chosen, n, tokens, counts, names);
        }

        double sumLnP = 0, sumLnQ = 0;
        double last = Double.NaN, lnP = 0, lnQ = 0;
        for (int k = 0; k < n; k++) {
            double p = ranked[k];
            // Equal probabilities come in runs (tokens with the same counts), and log1p is not an
            // intrinsic: each run's logs are computed once, the same doubles, added as before.
            if (p != last) {
                last = p;
                lnP = Math.log(p);
                lnQ = Math.log1p(-p);
            }
            sumLnP += lnP;
            sumLnQ += lnQ;
        }
        // Past maxEvidenceTokens, the sums are scaled down to that many tokens' worth: a long
        // message's evidence is averaged, not piled up (see ClassifierParams for why).
        int evidence = Math.min(n, params.maxEvidenceTokens());
        if (n > evidence) {
            double scale = (double) evidence / n;
            sumLnP *= scale;
            sumLnQ *= scale;
        }
        double probability = ChiSquare.combine(sumLnP, sumLnQ, evidence);
        double logOdds = ChiSquare.combineLogOdds(sumLnP, sumLnQ, evidence);
        return new Score(probability, logOdds, params.verdict(probability), clues, count, n);
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

    private List<Clue> clues(int[] chosen, int n, long[] tokens, long[] counts, LongFunction<String> names) {
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
            ranked = new double[size];
            strengths = new double[size];
            chosen = new int[size];
        }
    }
}
