package org.bayard.app;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Reports a usage error the way spamc and bogofilter do: one line saying what was wrong and
 * where the help is, not the whole help, whose first screen then hid the one line that mattered.
 * Only a command that needs a subcommand and was given none prints its usage: the list of
 * subcommands is then the answer.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        java.util.Optional<String> unknown = unknownCommand(e);
        if (unknown.isPresent()) {
            err.println(name + ": " + unknown.get() + "; see '" + name + " --help'");
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        String what = Main.oneLine(unknownOptionsAlone(e).orElse(e.getMessage()) + whereItGoes(e, args).orElse(""));
        boolean pointsToHelp = what.contains(" --help'"); // the message already says where to look
        err.println(name + ": " + what + (pointsToHelp ? "" : " (see '" + name + " --help')"));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (e instanceof MissingSubcommand) cmd.usage(err);
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * "Unknown option: '--clues'" for "explain --clues 3 x.eml": picocli took the 3 for the
     * message and listed the file with the unknown options ("Unknown options: '--clues', 'x.eml'").
     */
    private static java.util.Optional<String> unknownOptionsAlone(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u) || !u.isUnknownOption()) return java.util.Optional.empty();
        java.util.List<String> options = u.getUnmatched().stream().filter(a -> a.startsWith("-") && !a.equals("-")).toList();
        if (options.isEmpty() || options.size() == u.getUnmatched().size()) return java.util.Optional.empty();
        return java.util.Optional.of("Unknown option" + (options.size() > 1 ? "s" : "") + ": "
                + String.join(", ", options.stream().map(o -> "'" + o + "'").toList()));
    }

    /**
     * "; it goes after the command: bayard score --db ..." for "bayard --db DIR score", as git -C
     * and spamc -d take options first: an option unknown here that a command named after it has.
     */
    private static java.util.Optional<String> whereItGoes(CommandLine.ParameterException e, String[] args) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u) || !u.isUnknownOption() || args == null) return java.util.Optional.empty();
        String option = u.getUnmatched().stream().filter(a -> a.startsWith("-")).findFirst().orElse(null);
        int at = option == null ? -1 : java.util.Arrays.asList(args).indexOf(option);
        if (at < 0) return java.util.Optional.empty();
        String name = option.split("=", 2)[0];
        CommandLine current = e.getCommandLine();
        for (int i = at + 1; i < args.length; i++) {
            CommandLine sub = current.getSubcommands().get(args[i]);
            if (sub == null) continue;
            current = sub;
            if (sub.getCommandSpec().findOption(name) != null) {
                return java.util.Optional.of("; it goes after the command: " + sub.getCommandSpec().qualifiedName() + " " + name + " ...");
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * "unknown command 'lern' (did you mean learn?)" when the word where a command that takes
     * subcommands expects one is none of them. Picocli called it an unmatched argument, listed
     * every word after it, and offered up to three commands on a line of its own.
     */
    private static java.util.Optional<String> unknownCommand(CommandLine.ParameterException e) {
        CommandLine cmd = e.getCommandLine();
        if (!(e instanceof CommandLine.UnmatchedArgumentException u) || cmd.getSubcommands().isEmpty()
                || !cmd.getCommandSpec().positionalParameters().isEmpty() || u.getUnmatched().isEmpty()) {
            return java.util.Optional.empty();
        }
        String word = u.getUnmatched().getFirst();
        if (word.startsWith("-")) return java.util.Optional.empty();
        // picocli's own suggestions went as far as "tte" for "frobnicate"; the line names the command as typed after "bayard"
        String parent = cmd.getParent() == null ? "" : cmd.getCommandName() + " ";
        String meant = NearMiss.among(word, cmd.getSubcommands().keySet()).map(s -> " (did you mean " + parent + s + "?)").orElse("");
        return java.util.Optional.of("unknown command '" + Main.oneLine(word) + "'" + meant);
    }
}
