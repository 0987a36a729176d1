package org.bayard.eval;

/**
 * What each kind of mistake costs, in any unit. SpamBayes' defaults (10 : 1 : 0.2) say a lost
 * ham is ten times worse than a spam let through, and a message a person must look at costs a
 * fifth of a spam let through.
 */
public record Costs(double falsePositive, double falseNegative, double unsure) {
    public static final Costs SPAMBAYES = new Costs(10, 1, 0.2);
    /**
     * The largest weight: only the ratios matter, and a total of weights near Double.MAX_VALUE
     * overflowed to Infinity, which made every pair of cutoffs cost the same. A million times a
     * corpus of a billion messages is still far from overflowing.
     */
    public static final double MAX = 1e6;

    public Costs {
        check("a false positive", falsePositive);
        check("a false negative", falseNegative);
        check("an unsure message", unsure);
        // With nothing to weigh, every pair of cutoffs costs 0 and the tie-break picked 0 and 0:
        // "recommended" was to call every ham spam.
        if (falsePositive == 0 && falseNegative == 0 && unsure == 0) {
            throw new IllegalArgumentException("the costs are all 0, so no cutoffs are better than others: give at least one a weight above 0");
        }
    }

    private static void check(String what, double cost) {
        if (!(cost >= 0 && cost <= MAX)) {
            throw new IllegalArgumentException("the cost of " + what + " must be a number from 0 to " + (long) MAX + ", got " + cost);
        }
    }
}
