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
        String what = Main.oneLine(e.getMessage());
        boolean pointsToHelp = what.contains(" --help'"); // the message already says where to look
        err.println(name + ": " + what + (pointsToHelp ? "" : " (see '" + name + " --help')"));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (e instanceof MissingSubcommand) cmd.usage(err);
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }
}
