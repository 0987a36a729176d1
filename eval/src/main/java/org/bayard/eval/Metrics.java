package org.bayard.eval;

import java.util.Arrays;

/**
 * TREC spam-track figures from scores and gold labels. Pure arithmetic.
 *
 * <ul>
 *   <li>AUC: Mann-Whitney statistic, ties counting one half; 1-ROCA% = 100 (1 - AUC).</li>
 *   <li>hm%, sm%: ham called spam and spam not called spam at the spam cutoff (unsure counts as
 *       not spam, as the peers were measured).</li>
 *   <li>lam%: logistic average of hm and sm; a rate of 0 is taken as 0.5 / n so it stays finite.</li>
 *   <li>sm% at hm 0.1%: spam missed at the lowest cutoff that calls at most 0.1% of ham spam.</li>
 *   <li>unsure%: messages scoring in [ham cutoff, spam cutoff).</li>
 * </ul>
 */
public final class Metrics {
    private Metrics() {}

    public static EvalResult compute(double[] scores, boolean[] spam, double hamCutoff, double spamCutoff) {
        if (scores.length != spam.length) throw new IllegalArgumentException("scores and labels differ in length");
        int n = scores.length;
        int nSpam = 0;
        for (boolean s : spam) if (s) nSpam++;
        int nHam = n - nSpam;
        int hamMisses = 0, spamMisses = 0, unsure = 0;
        for (int i = 0; i < n; i++) {
            double s = scores[i];
            if (spam[i] && s < spamCutoff) spamMisses++;
            if (!spam[i] && s >= spamCutoff) hamMisses++;
            if (s >= hamCutoff && s < spamCutoff) unsure++;
        }
        double hm = rate(hamMisses, nHam);
        double sm = rate(spamMisses, nSpam);
        return new EvalResult(n, nHam, nSpam, auc(scores, spam, nHam, nSpam), 100 * hm, 100 * sm,
                100 * lam(hamMisses, nHam, spamMisses, nSpam), 100 * spamMissedAtHamRate(scores, spam, nHam, nSpam, 0.001),
                100 * rate(unsure, n));
    }

    static double auc(double[] scores, boolean[] spam, int nHam, int nSpam) {
        if (nHam == 0 || nSpam == 0) return Double.NaN;
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double spamRankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
            double averageRank = (i + j) / 2.0 + 1; // ranks are 1-based; ties share the mean rank
            for (int k = i; k <= j; k++) if (spam[order[k]]) spamRankSum += averageRank;
            i = j + 1;
        }
        double u = spamRankSum - (double) nSpam * (nSpam + 1) / 2;
        return u / ((double) nSpam * nHam);
    }

    static double lam(int hamMisses, int nHam, int spamMisses, int nSpam) {
        if (nHam == 0 || nSpam == 0) return Double.NaN;
        double h = hamMisses == 0 ? 0.5 / nHam : hamMisses == nHam ? 1 - 0.5 / nHam : (double) hamMisses / nHam;
        double s = spamMisses == 0 ? 0.5 / nSpam : spamMisses == nSpam ? 1 - 0.5 / nSpam : (double) spamMisses / nSpam;
        double logit = (logit(h) + logit(s)) / 2;
        return 1 / (1 + Math.exp(-logit));
    }

    private static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    /** Spam missed at the cutoff just above the (allowed+1)-th highest ham score. */
    static double spamMissedAtHamRate(double[] scores, boolean[] spam, int nHam, int nSpam, double hamRate) {
        if (nHam == 0 || nSpam == 0) return Double.NaN;
        double[] hamScores = new double[nHam];
        int k = 0;
        for (int i = 0; i < scores.length; i++) if (!spam[i]) hamScores[k++] = scores[i];
        Arrays.sort(hamScores);
        int allowed = (int) Math.floor(hamRate * nHam);
        if (allowed >= nHam) return 0;
        double highestRejectedHam = hamScores[nHam - 1 - allowed];
        int missed = 0;
        for (int i = 0; i < scores.length; i++) if (spam[i] && scores[i] <= highestRejectedHam) missed++;
        return (double) missed / nSpam;
    }

    private static double rate(int count, int total) {
        return total == 0 ? 0 : (double) count / total;
    }
}
