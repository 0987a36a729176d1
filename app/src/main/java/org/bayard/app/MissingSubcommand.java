package org.bayard.app;

import picocli.CommandLine;

/**
 * A command that only groups subcommands ({@code bayard db}) was run without one. The one usage
 * error that prints the command's usage: its list of subcommands is the answer.
 */
public final class MissingSubcommand extends CommandLine.ParameterException {
    public MissingSubcommand(CommandLine cmd) {
        super(cmd, "missing " + (cmd.getParent() == null ? "command" : "subcommand") + "; see '"
                + cmd.getCommandSpec().qualifiedName() + " --help'");
    }
}
