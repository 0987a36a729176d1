package org.bayard.app;

import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * The first word of a command line that looks like an option and is none of its command's, found
 * from the words as typed. Picocli checks for a missing required parameter before it reports
 * unmatched words, so "bayard score --spma" was told about the missing message, and only once a
 * message was added about the option that was the mistake.
 */
final class UnknownOptionAsTyped {
    /** Where the unknown option was given, and the word as typed. */
    record Found(CommandLine where, String word) {}

    private UnknownOptionAsTyped() {}

    static Optional<Found> in(CommandLine any, List<String> args) {
        CommandLine current = any;
        while (current.getParent() != null) current = current.getParent();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            CommandLine sub = current.getSubcommands().get(word);
            if (sub != null) {
                current = sub;
                continue;
            }
            if (word.equals("--")) return Optional.empty(); // every word after it is a parameter
            if (!word.startsWith("-") || word.equals("-")) continue;
            String[] nameAndValue = word.split("=", 2);
            CommandLine.Model.OptionSpec option = current.getCommandSpec().findOption(nameAndValue[0]);
            if (option == null) return Optional.of(new Found(current, word));
            boolean takesNextWord = nameAndValue.length == 1 && option.arity().min() > 0;
            if (takesNextWord) i++;
        }
        return Optional.empty();
    }
}
