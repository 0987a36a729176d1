package org.bayard.core.policy;

import java.util.List;

/**
 * The Bayes probability as a rule symbol with points, the way SpamAssassin and Rspamd report it,
 * so it adds up with other checks into one score. Each symbol is named for the lower bound of its
 * band in percent ({@code BAYES_99} is [0.99, 0.999)). The default points put the classifier's
 * spam cutoff (0.90) at the hold threshold (5) and near-certain spam (0.999) at the reject
 * threshold (10), so Bayes alone can hold or reject while other checks can tip the unsure middle.
 */
public record BayesSymbol(String name, double lowerBound, double points) {

    public static final List<BayesSymbol> DEFAULT_BANDS = List.of(
            new BayesSymbol("BAYES_00", 0.00, -3.0),
            new BayesSymbol("BAYES_01", 0.01, -1.5),
            new BayesSymbol("BAYES_05", 0.05, -0.5),
            new BayesSymbol("BAYES_20", 0.20, 0.5),
            new BayesSymbol("BAYES_40", 0.40, 1.5),
            new BayesSymbol("BAYES_60", 0.60, 2.5),
            new BayesSymbol("BAYES_80", 0.80, 3.5),
            new BayesSymbol("BAYES_90", 0.90, 5.0),
            new BayesSymbol("BAYES_95", 0.95, 6.0),
            new BayesSymbol("BAYES_99", 0.99, 8.0),
            new BayesSymbol("BAYES_999", 0.999, 10.0));

    /** The band a probability falls in, from bands sorted by lower bound. */
    public static BayesSymbol of(double probability, List<BayesSymbol> bands) {
        BayesSymbol chosen = bands.get(0);
        for (BayesSymbol b : bands) if (probability >= b.lowerBound()) chosen = b;
        return chosen;
    }
}
