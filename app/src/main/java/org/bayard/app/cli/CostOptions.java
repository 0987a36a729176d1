package org.bayard.app.cli;

import org.bayard.app.UsageException;
import org.bayard.eval.Costs;
import picocli.CommandLine.Option;

/** The weights of the three kinds of outcome that cutoffs are recommended by; SpamBayes' by default. */
public final class CostOptions {
    @Option(names = "--cost-fp", paramLabel = "W", description = "Cost of a ham called spam (default: ${DEFAULT-VALUE}).")
    double falsePositive = Costs.SPAMBAYES.falsePositive();

    @Option(names = "--cost-fn", paramLabel = "W", description = "Cost of a spam called ham (default: ${DEFAULT-VALUE}).")
    double falseNegative = Costs.SPAMBAYES.falseNegative();

    @Option(names = "--cost-unsure", paramLabel = "W", description = "Cost of a message called unsure (default: ${DEFAULT-VALUE}).")
    double unsure = Costs.SPAMBAYES.unsure();

    /** The weights, each checked against its range first, so that the error names the option to change. */
    Costs costs() {
        checkWeight("--cost-fp", falsePositive);
        checkWeight("--cost-fn", falseNegative);
        checkWeight("--cost-unsure", unsure);
        // Costs refuses them too, but in words that name no option
        if (falsePositive == 0 && falseNegative == 0 && unsure == 0) {
            throw new UsageException("--cost-fp, --cost-fn and --cost-unsure are all 0, so no cutoffs are better than others:"
                    + " give at least one a weight above 0");
        }
        return new Costs(falsePositive, falseNegative, unsure);
    }

    private static void checkWeight(String option, double weight) {
        OptionRange.finiteAtLeastZero(option, weight);
        if (weight > Costs.MAX) {
            throw new UsageException(option + " must be at most " + (long) Costs.MAX + ", got " + weight + " (only the ratios of the costs matter)");
        }
    }
}
