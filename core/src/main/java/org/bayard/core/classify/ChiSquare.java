package org.bayard.core.classify;

/**
 * Fisher's method of combining probabilities, as Robinson proposed it for spam filtering and as
 * SpamBayes, bogofilter and SpamAssassin use it. Pure arithmetic: no state, no I/O.
 *
 * <p>Given token probabilities f_i, the evidence that they are all "spammy" and the evidence that
 * they are all "hammy" are each tested against the chi-square distribution with 2n degrees of
 * freedom; the final indicator is {@code (1 + H - S) / 2} in SpamBayes' notation, near 1 when only
 * the spam hypothesis survives, near 0 when only the ham one does, and near 0.5 both when the
 * evidence is weak and when it is strong in both directions (the "unsure" middle).
 */
public final class ChiSquare {
    private ChiSquare() {}

    /**
     * Combines the sums {@code sumLnP = Σ ln f_i} and {@code sumLnQ = Σ ln (1 - f_i)} over n tokens.
     * Works in the log domain, so thousands of tokens cannot underflow.
     */
    public static double combine(double sumLnP, double sumLnQ, int n) {
        if (n == 0) return 0.5;
        // Both tails are computed directly rather than as 1 - tail, keeping precision near 0 and 1.
        double hamTail = upperTail(-2.0 * sumLnP, 2 * n);   // small when tokens are spammy (f near 1)
        double spamTail = upperTail(-2.0 * sumLnQ, 2 * n);  // small when tokens are hammy
        return (1.0 + hamTail - spamTail) / 2.0;
    }

    /**
     * The upper tail Q(x2 | v) of the chi-square distribution for an even number of degrees of
     * freedom v: the probability that a chi-square variable exceeds x2. For even v it is the
     * finite series e^-m Σ_{i<v/2} m^i / i! with m = x2/2.
     */
    public static double upperTail(double x2, int v) {
        if (v <= 0 || (v & 1) != 0) throw new IllegalArgumentException("degrees of freedom must be even and positive: " + v);
        double m = x2 / 2.0;
        double term = Math.exp(-m);
        if (term == 0.0) {
            // e^-m underflowed; sum the series in the log domain instead.
            return upperTailLog(m, v / 2);
        }
        double sum = term;
        for (int i = 1; i < v / 2; i++) {
            term *= m / i;
            sum += term;
        }
        return Math.min(sum, 1.0);
    }

    private static double upperTailLog(double m, int terms) {
        double lnM = Math.log(m);
        double lnTerm = -m;
        double maxLn = lnTerm;
        double[] lnTerms = new double[terms];
        lnTerms[0] = lnTerm;
        for (int i = 1; i < terms; i++) {
            lnTerm += lnM - Math.log(i);
            lnTerms[i] = lnTerm;
            maxLn = Math.max(maxLn, lnTerm);
        }
        double sum = 0;
        for (double t : lnTerms) sum += Math.exp(t - maxLn);
        return Math.min(1.0, Math.exp(maxLn + Math.log(sum)));
    }
}
