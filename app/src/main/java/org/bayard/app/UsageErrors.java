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
        java.util.Optional<Misplaced> misplaced = misplacedOption(cmd, args);
        if (misplaced.isPresent()) {
            String at = misplaced.get().where().getCommandSpec().qualifiedName();
            err.println(at + ": " + Main.oneLine(misplaced.get().what()) + " (see '" + at + " --help')");
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        if (e instanceof CommandLine.MissingParameterException && args != null) {
            java.util.Optional<UnknownOptionAsTyped.Found> option = UnknownOptionAsTyped.in(cmd, java.util.List.of(args));
            if (option.isPresent()) {
                String at = option.get().where().getCommandSpec().qualifiedName();
                err.println(at + ": Unknown option: '" + Main.oneLine(option.get().word()) + "' (see '" + at + " --help')");
                err.flush();
                return cmd.getCommandSpec().exitCodeOnInvalidInput();
            }
        }
        String name = cmd.getCommandSpec().qualifiedName();
        java.util.Optional<String> unknown = unknownCommand(e);
        if (unknown.isPresent()) {
            err.println(name + ": " + unknown.get() + "; see '" + name + " --help'");
            err.flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        }
        String what = Main.oneLine(unknownOptionsAlone(e).orElse(e.getMessage()));
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

    /** An option given at {@code where}, a command that takes subcommands, which belongs to one of them. */
    private record Misplaced(CommandLine where, String what) {}

    /**
     * "Unknown option: '--db'; it goes after the command: bayard score --db ..." for "bayard --db DIR
     * score", as git -C and spamc -d take options first: an option unknown to a command that takes
     * subcommands, which a command named after it has. Found from the words as typed, whatever
     * picocli reported: for "bayard --db DIR score" with no message yet it reported score's missing
     * PATH first, and the reader added one only to be told about --db.
     */
    private static java.util.Optional<Misplaced> misplacedOption(CommandLine any, String[] args) {
        if (args == null) return java.util.Optional.empty();
        CommandLine current = any;
        while (current.getParent() != null) current = current.getParent();
        for (int i = 0; i < args.length && !current.getSubcommands().isEmpty(); i++) {
            CommandLine sub = current.getSubcommands().get(args[i]);
            if (sub != null) {
                current = sub;
                continue;
            }
            if (!args[i].startsWith("-") || args[i].equals("-") || args[i].equals("--")) continue;
            String name = args[i].split("=", 2)[0];
            if (current.getCommandSpec().findOption(name) != null) continue;
            CommandLine later = current;
            for (int j = i + 1; j < args.length; j++) {
                CommandLine next = later.getSubcommands().get(args[j]);
                if (next == null) continue;
                later = next;
                if (next.getCommandSpec().findOption(name) != null) {
                    return java.util.Optional.of(new Misplaced(current, "Unknown option: '" + args[i] + "'; it goes after the command: "
                            + next.getCommandSpec().qualifiedName() + " " + name + " ..."));
                }
            }
            return java.util.Optional.empty();
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
