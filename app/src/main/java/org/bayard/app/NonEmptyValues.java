package org.bayard.app;

import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Converts option and parameter values, refusing an empty one as a usage error. An empty
 * {@code --db=} (a shell variable that was not set, say) was {@code Path.of("")}, the current
 * directory: {@code learn} made its store there, {@code score} read whatever store was there.
 */
final class NonEmptyValues {
    private NonEmptyValues() {}

    static void register(CommandLine cli) {
        cli.registerConverter(Path.class, s -> Path.of(nonEmpty(s)));
        cli.registerConverter(String.class, NonEmptyValues::nonEmpty);
    }

    private static String nonEmpty(String value) {
        if (value.isEmpty()) throw new CommandLine.TypeConversionException("the value is empty");
        return value;
    }
}
