package org.bayard.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "config", mixinStandardHelpOptions = true, description = "Check configuration files.",
        subcommands = {ConfigCommand.Check.class})
public final class ConfigCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new org.bayard.app.MissingSubcommand(spec.commandLine());
    }

    @Command(name = "check", mixinStandardHelpOptions = true, description = "Read a configuration file and report the first problem, if any.")
    public static final class Check implements Callable<Integer> {
        private final AppContext ctx;
        @Parameters(arity = "1", paramLabel = "FILE") Path file;

        public Check(AppContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public Integer call() {
            ConfigLoader.load(file);
            ctx.out().println(file + ": ok");
            return 0;
        }
    }
}
