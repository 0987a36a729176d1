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
    private double[] probs = new double[1024];
    private double[] strengths = new double[1024];
    private int[] order = new int[1024];

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
            double strength = Math.abs(p - 0.5);
            if (strength >= minStrength && strength > 0.0) {
                probs[used] = p;
                strengths[used] = strength;
                order[used] = i;
                used++;
            }
        }
        int[] chosen = strongestFirst(used);
        int n = Math.min(used, params.maxDiscriminators());

        double sumLnP = 0, sumLnQ = 0;
        for (int k = 0; k < n; k++) {
            double p = probs[chosen[k]];
            sumLnP += Math.log(p);
            sumLnQ += Math.log1p(-p);
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
        List<Clue> clues = names == null ? List.of() : clues(chosen, n, tokens, counts, names);
        return new Score(probability, logOdds, params.verdict(probability), clues, count, n);
    }

    /** Indices into probs/strengths, strongest first; only sorts when there are more than needed or clues are wanted. */
    private int[] strongestFirst(int used) {
        int[] idx = new int[used];
        for (int i = 0; i < used; i++) idx[i] = i;
        double[] s = strengths;
        double[] p = probs;
        // Strongest first; equal strengths: spammier first, then input order, so results are deterministic.
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
            int i = order[chosen[k]];
            long c = counts[i];
            clues.add(new Clue(names.apply(tokens[i]), probs[chosen[k]], Counts.ham(c), Counts.spam(c)));
        }
        return clues;
    }

    private void ensureCapacity(int count) {
        if (probs.length < count) {
            int size = Math.max(count, probs.length * 2);
            probs = new double[size];
            strengths = new double[size];
            order = new int[size];
        }
    }
}
