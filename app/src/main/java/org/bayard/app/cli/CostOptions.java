package org.bayard.app.cli;

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

    Costs costs() {
        return new Costs(falsePositive, falseNegative, unsure);
    }
}
