package org.bayard.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.bayard.app.cli.BlocklistCommand;
import org.bayard.app.cli.DbCommand;
import org.bayard.app.cli.EvalCommand;
import org.bayard.app.cli.ExplainCommand;
import org.bayard.app.cli.FilterCommand;
import org.bayard.app.cli.ForgetCommand;
import org.bayard.app.cli.LearnCommand;
import org.bayard.app.cli.MboxCommand;
import org.bayard.app.cli.OutOfMemoryExit;
import org.bayard.app.cli.QuarantineCommand;
import org.bayard.app.cli.QuickstartCommand;
import org.bayard.app.cli.ScoreCommand;
import org.bayard.app.cli.ServeCommand;
import org.bayard.app.cli.TokensCommand;
import org.bayard.app.cli.TrainCommand;
import org.bayard.app.cli.TrapCommand;
import org.bayard.app.cli.TteCommand;
import org.bayard.app.cli.UnlearnCommand;
import org.bayard.app.cli.ConfigCommand;
import org.bayard.app.cli.NewsGateCommand;
import org.bayard.app.cli.TrapPipeExits;
import org.bayard.app.config.ConfigException;
import org.bayard.core.IoProblem;
import org.bayard.core.store.IncompatibleStoreException;
import org.bayard.store.lmdb.LmdbTokenStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bayard} command: subcommands, exit codes (0 ok, 1 bad input or environment, 2 usage). */
@Command(name = "bayard", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A Bayesian spam filter for mail servers and mailing lists.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:success",
                "1:the input or the environment was bad (a file, the store, the disk); one line on stderr says which",
                "2:a usage error (an unknown option or action, a missing argument, a missing or empty value, a value out of its range); one line on stderr"
                        + " (a mistyped option: then a second, 'Possible solutions: ...', naming the likely one)",
                "3:bayard serve: it ran out of heap and stopped, for its supervisor to start it again (give it more with"
                        + " BAYARD_JAVA_OPTS=-Xmx...); bayard filter --exit-code: filtering failed (see 'bayard help filter')",
                "70:an internal error (a bug; the trace follows, please report it)",
                "141:standard output's reader went away (| head); nothing said, as a tool ended by SIGPIPE (a command that only prints"
                        + " stops there; one that changes the store finishes first)",
                "64, 65:bayard trap reading standard input (-), as a trap address's pipe: a usage error; no mail in it"
                        + " (see 'bayard help trap')",
                "75:bayard filter: filtering failed, the message was passed unchanged (see 'bayard help filter');"
                        + " bayard trap reading standard input: a failure to try again later"})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INPUT = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_BUG = 70;

    /** The commands, in the order {@code bayard --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(QuickstartCommand.class, LearnCommand.class, UnlearnCommand.class,
            ForgetCommand.class, TrainCommand.class, ScoreCommand.class, ExplainCommand.class, FilterCommand.class,
            TokensCommand.class, TteCommand.class, TrapCommand.class, ServeCommand.class, QuarantineCommand.class,
            BlocklistCommand.class, EvalCommand.class, DbCommand.class, MboxCommand.class, ConfigCommand.class,
            NewsGateCommand.class, HelpCommand.class);

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new MissingSubcommand(spec.commandLine());
    }

    public static void main(String[] args) {
        AppContext ctx = AppContext.system();
        // only in a JVM of the command's own: the handler halts the JVM (tests call run in theirs)
        // a trap address's pipe keeps its report on out of memory too, as on any failure of the kind
        int outOfMemory = TrapPipeExits.applies(args) ? TrapPipeExits.of(EXIT_INPUT) : EXIT_INPUT;
        System.exit(run(ctx, cli -> OutOfMemoryExit.installFor(ctx, command(cli), lessAtOnce(cli), outOfMemory), args));
    }

    public static int run(AppContext ctx, String... args) {
        return run(ctx, cli -> {}, args);
    }

    /** Runs the command {@code args} name; {@code beforeCommand} is told of it once parsed, before it runs. */
    private static int run(AppContext ctx, Consumer<CommandLine> beforeCommand, String... args) {
        int code = runCommand(ctx, beforeCommand, args);
        // a trap address's delivery pipe reads sysexits: 1 bounced reports the mail system should have kept
        return TrapPipeExits.applies(args) ? TrapPipeExits.of(code) : code;
    }

    private static int runCommand(AppContext ctx, Consumer<CommandLine> beforeCommand, String... args) {
        CommandLine cli = commandLine(ctx, args);
        cli.setExecutionStrategy(parsed -> {
            beforeCommand.accept(cli);
            StandardOutput.stopAtReaderGone(command(cli) instanceof StopsWithItsReader printing && printing.printsOnly());
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                StandardOutput.stopAtReaderGone(false);
            }
        });
        giveEveryCommandTheVersion(cli);
        cli.setOut(new PrintWriter(ctx.out(), true));
        cli.setErr(new PrintWriter(ctx.err(), true));
        NonEmptyValues.register(cli);
        CommandLine.IParameterExceptionHandler usage = new UsageErrors();
        CommandLine filter = cli.getSubcommands().get("filter"); // absent when args name another command
        CommandLine.IParameterExceptionHandler usageOrFilter = (e, rawArgs) -> {
            // pipe mode: the mail still goes out, with its failure code
            if (e.getCommandLine().getCommand() instanceof FilterCommand) return FilterCommand.usageError(ctx, e, rawArgs);
            // "bayard --db DIR filter" in master.cf: exit 2 and nothing written, which pipe(8) bounces
            Optional<String> misplaced = filter == null ? Optional.empty() : FilterCommand.optionBeforeIt(filter.getCommandSpec(), rawArgs);
            if (misplaced.isPresent()) {
                return FilterCommand.usageError(ctx, "Unknown option: '" + misplaced.get() + "'; it goes after the command: bayard filter "
                        + misplaced.get().split("=", 2)[0] + " ...", rawArgs);
            }
            return usage.handleParseException(e, rawArgs);
        };
        cli.setParameterExceptionHandler(usageOrFilter);
        // a command's own usage errors (an option's value out of range) are said as picocli's are
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> e instanceof UsageException
                ? usageOrFilter.handleParseException(new CommandLine.ParameterException(commandLine, e.getMessage()), args)
                : report(ctx, e));
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) { // on this thread; on another, OutOfMemoryExit says the same line
            OutOfMemoryExit.endCommandThread(ctx.err(), e, lessAtOnce(cli));
            return EXIT_INPUT;
        }
        return checkOutput(ctx, code);
    }

    /**
     * The command line for {@code args}: holding only the command that {@code args[0]} names, when
     * it names one other than help, else every command. Picocli reads each command's options, and
     * loads the classes they name, as the command is added: with all twenty it took about 0.35 s
     * of the 0.8 s a one-message {@code bayard filter} took, and a mail pipe starts one per message.
     */
    private static CommandLine commandLine(AppContext ctx, String... args) {
        CommandLine cli = new CommandLine(new Main(), new ContextFactory(ctx));
        // Picocli reads an argument "@x" as the file x's words, by default: a message named "@x" beside
        // a file x could not be named (learn --spam * read x's words as options and paths).
        cli.setExpandAtFiles(false);
        Optional<Class<?>> named = args.length == 0 ? Optional.empty()
                : COMMANDS.stream().filter(c -> c != HelpCommand.class && nameOf(c).equals(args[0])).findFirst();
        for (Class<?> command : named.map(List::<Class<?>>of).orElse(COMMANDS)) cli.addSubcommand(nameOf(command), command);
        return cli;
    }

    private static String nameOf(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /**
     * How the command that ran out of memory does less at once. eval has no --batch: each fold of
     * a cross-validation being run holds a model of its whole training set, one per --threads,
     * which defaults to every processor, and it was told to use "a smaller --batch".
     */
    private static Optional<String> lessAtOnce(CommandLine cli) {
        CommandLine.ParseResult command = lastCommand(cli);
        boolean eval = command != null && command.commandSpec().userObject() instanceof EvalCommand;
        if (eval) return Optional.of("for --protocol cv, fewer --threads: each fold being run holds its own model");
        // only train has --batch: db import, told to use one, answered with a usage error
        if (command != null && command.commandSpec().findOption("--batch") != null) return Optional.of("a smaller --batch");
        return Optional.empty();
    }

    /**
     * Every command's help lists -V, --version, but only bayard itself had a version to print:
     * 'bayard learn --version' printed nothing and exited 0.
     */
    private static void giveEveryCommandTheVersion(CommandLine cli) {
        for (CommandLine sub : cli.getSubcommands().values()) {
            sub.getCommandSpec().versionProvider(new Version());
            giveEveryCommandTheVersion(sub);
        }
    }

    /** The (sub)command that runs, as parsed; null before parsing. */
    private static CommandLine.ParseResult lastCommand(CommandLine cli) {
        CommandLine.ParseResult command = cli.getParseResult();
        while (command != null && command.hasSubcommand()) command = command.subcommand();
        return command;
    }

    private static Object command(CommandLine cli) {
        CommandLine.ParseResult command = lastCommand(cli);
        return command == null ? null : command.commandSpec().userObject();
    }

    /**
     * A command that succeeded but whose standard output could not be written (a closed or full
     * output, a reader that went away) did not do what it said: a dump to {@code -}, say, is
     * lost. PrintStream keeps such errors to itself, so they are asked for here, for every command.
     */
    private static int checkOutput(AppContext ctx, int code) {
        if (code == EXIT_OK && ctx.out().checkError()) {
            if (StandardOutput.readerWentAway(ctx.out())) return StandardOutput.EXIT_READER_GONE; // as a tool ended by SIGPIPE: quietly
            ctx.err().println("bayard: cannot write to standard output (closed, full, or its reader went away);"
                    + " what was printed there is incomplete");
            return EXIT_INPUT;
        }
        return code;
    }

    /** Maps the three kinds of failure to exit codes: the user's, the environment's, and ours. */
    private static int report(AppContext ctx, Exception e) {
        OutOfMemoryExit.awaitHaltIfEnding(); // another thread out of heap: its line is the one to say
        if (StandardOutput.stoppedBy(e)) return StandardOutput.EXIT_READER_GONE; // as a tool ended by SIGPIPE: quietly
        Optional<String> explained = explain(e);
        if (explained.isPresent()) {
            ctx.err().println("bayard: " + oneLine(explained.get()));
            return EXIT_INPUT;
        }
        ctx.err().println("bayard: internal error (a bug; please report it with the trace below)");
        e.printStackTrace(ctx.err());
        return EXIT_BUG;
    }

    /**
     * What went wrong, when it was the user's input or the environment (files, sockets, the disk,
     * a damaged store) rather than a bug of ours; empty for a bug, which deserves its trace.
     */
    public static Optional<String> explain(Exception e) {
        if (e instanceof UserException || e instanceof ConfigException || e instanceof IncompatibleStoreException
                || e instanceof IllegalArgumentException) {
            return Optional.ofNullable(e.getMessage());
        }
        if (e instanceof UncheckedIOException io) return Optional.of(IoProblem.describe(io));
        if (e instanceof IOException io) return Optional.of(IoProblem.describe(io));
        return LmdbTokenStore.damageReport(e);
    }

    /**
     * A message, file name or Message-ID as one line of text: control characters (a newline or a
     * terminal escape in a file name, say) and invisible format characters (a bidi override) are
     * written as {@code \\uXXXX}, so the line stays one line and cannot drive the terminal.
     */
    public static String oneLine(String message) {
        if (message == null) return "";
        StringBuilder b = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0) || invisible(c)) b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        return b.toString();
    }

    /** Bidi overrides, zero-width characters and line separators: they reorder or hide what follows. */
    private static boolean invisible(char c) {
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** Builds commands with the {@link AppContext} when they take one. */
    private record ContextFactory(AppContext ctx) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(AppContext.class);
                return c.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
