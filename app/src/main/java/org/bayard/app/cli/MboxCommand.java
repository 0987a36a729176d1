package org.bayard.app.cli;

import picocli.CommandLine.Command;

@Command(name = "mbox", mixinStandardHelpOptions = true,
        description = "Join message files into an mbox, or split an mbox into message files.",
        subcommands = {MboxCollectCommand.class, MboxSplitCommand.class})
public final class MboxCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new org.bayard.app.MissingSubcommand(spec.commandLine());
    }
}
