package org.bayard.app;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code bayard help [COMMAND [SUBCOMMAND...]]}: the help of the command the words name, however
 * deep. Picocli's own help command reads only the first word, so {@code bayard help db stats}
 * printed the help of {@code db}.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the help of a command: 'bayard help db stats' is 'bayard db stats --help'.")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, with its subcommands if any.")
    List<String> words = List.of();

    private CommandLine self;
    private CommandLine parent;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.parent = helpCommandLine.getParent();
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = parent;
        for (String word : words) {
            CommandLine sub = target.getSubcommands().get(word);
            if (sub == null) {
                throw new CommandLine.ParameterException(self, "unknown command '" + String.join(" ", words)
                        + "'; see '" + target.getCommandSpec().qualifiedName() + " --help'");
            }
            target = sub;
        }
        target.usage(out);
    }
}
