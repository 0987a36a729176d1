package org.bayard.app.cli;

import java.util.List;
import java.util.Locale;
import org.bayard.app.UsageException;
import org.bayard.eval.Protocol;
import picocli.CommandLine;

/**
 * {@code eval --protocol} with the cross-validation options that go with it. The checks, the run
 * and the figures all ask which protocol was chosen and how to name it; this reads the option
 * once, refuses what does not fit, and answers them all the same way.
 *
 * @param name  the protocol as typed, lower-cased: online, batch, tte or cv
 * @param folds cv only: the number of folds
 * @param seed  cv only: the seed of the shuffle that deals messages to folds
 */
record EvalProtocol(String name, boolean cv, int folds, long seed) {

    /** Refuses an unknown protocol first, then --folds, --seed or --threads given without cv. */
    static EvalProtocol parse(String typed, int folds, long seed, CommandLine commandLine) {
        String name = typed.toLowerCase(Locale.ROOT);
        boolean cv = switch (name) {
            case "online", "batch", "tte" -> false;
            case "cv" -> true;
            default -> throw new UsageException("unknown protocol '" + typed + "': use online, batch, tte or cv");
        };
        if (!cv) {
            for (String option : List.of("--folds", "--seed", "--threads")) {
                if (commandLine.getParseResult().hasMatchedOption(option)) {
                    throw new CommandLine.ParameterException(commandLine, option + " applies to --protocol cv only");
                }
            }
        }
        return new EvalProtocol(name, cv, folds, seed);
    }

    /** The protocol of a run that is not cross-validation. */
    Protocol protocol() {
        return switch (name) {
            case "batch" -> Protocol.BATCH;
            case "tte" -> Protocol.BATCH_TTE;
            default -> Protocol.ONLINE;
        };
    }

    /** Whether only the second half of the corpus is scored (batch and tte). */
    boolean batch() {
        return !cv && protocol() != Protocol.ONLINE;
    }

    /** "online protocol", "cv protocol (10 folds, seed 42)": the first line of the figures and the plot's title. */
    String describe() {
        return cv ? String.format(Locale.ROOT, "cv protocol (%d folds, seed %d)", folds, seed)
                : name + " protocol";
    }
}
