package org.bayard.app.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.Main;
import org.bayard.app.Version;
import org.bayard.core.IoProblem;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.classify.Score;
import org.bayard.core.mail.HeaderEditor;
import java.util.Optional;
import java.util.OptionalDouble;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.Policy;
import org.bayard.core.train.Autolearn;
import org.bayard.core.policy.SpamHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Pipe mode: message on stdin, the same message on stdout with our headers added. Whatever goes
 * wrong, the message itself is still written: a filter must never eat mail. At most
 * limits.max-scan-bytes of it is held in memory; a larger message is streamed through unscored.
 */
@Command(name = "filter", mixinStandardHelpOptions = true,
        description = {"Pipe mode: read a message on stdin, write it to stdout with X-Spam-Flag, X-Spam-Status, "
                + "X-Spam-Score and X-Bayard-Classification added (existing ones are replaced).",
                "",
                "A message larger than limits.max-scan-bytes (2 MiB by default) is not scored, as spamc does past "
                        + "its size limit: it is written unchanged and complete, without headers, as not spam (exit 0; "
                        + "1 with --exit-code), with a note on stderr. Only that much of a message is ever held in memory.",
                "",
                "Exit codes, default (for procmail ':0fw', maildrop 'xfilter', Mailman):",
                "  0   the message was written with headers",
                "  75  filtering failed; the message was written unchanged (EX_TEMPFAIL)",
                "Exit codes with --exit-code (bogofilter's table):",
                "  0 spam, 1 ham, 2 unsure, 3 filtering failed (message written unchanged)",
                "  (1 too while the store has learned fewer than policy.bayes-min-ham ham or policy.bayes-min-spam spam:"
                        + " Bayes is not used yet, and X-Spam-Bayes says why)",
                "If standard input cannot be read, nothing is written and the exit code is 75 (3 with --exit-code): "
                        + "the MTA keeps the message and tries again."})
public final class FilterCommand implements Callable<Integer> {
    static final int EX_TEMPFAIL = 75;

    private final AppContext ctx;

    @Mixin CommonOptions common;

    @Option(names = "--exit-code", description = "Exit with the verdict, as bogofilter does (see above).")
    boolean exitCode;

    @Option(names = "--clues", paramLabel = "N", description = "Clues to add to X-Bayard-Classification (default: ${DEFAULT-VALUE}).")
    int clues = 0;

    public FilterCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    /**
     * How long autolearn waits for the store's write lock before it gives up on this message:
     * filter is in the delivery path, and a {@code bayard train} into the same store holds the
     * lock for minutes, each delivery with it; SpamAssassin likewise gives up its autolearn
     * ({@code autolearn=unavailable}) behind a locked Bayes database.
     */
    static final Duration AUTOLEARN_WAIT = Duration.ofSeconds(10);

    /**
     * Autolearn (off by default) on the points of the checks other than Bayes and the Bayes
     * probability; the {@code autolearn=} value. A failed learn never stops the message. The store is opened to write only for a message there
     * is something to learn from, on a thread of its own, waited for at most {@link #AUTOLEARN_WAIT}:
     * past it, {@code unavailable} and a line on stderr; the message goes out (and the process
     * exits) without the learning.
     */
    private String autolearnInTime(BayardConfig config, Path db, byte[] message, Engine.Scored scored) {
        Decision d = new Policy(config.policy(), config.limits()).decide(message, Optional.of(scored.score()), scored.learned());
        // no ham is learned while Bayes does not count (the store has learned too little)
        OptionalDouble probability = d.bayesUsed() ? OptionalDouble.of(scored.score().probability()) : OptionalDouble.empty();
        Autolearn autolearn = new Autolearn(config.autolearn());
        if (autolearn.decide(d.pointsBesidesBayes(), probability).mailClass().isEmpty()) return "no";
        CompletableFuture<String> learned = new CompletableFuture<>();
        Thread.ofPlatform().daemon(true).name("bayard-filter-autolearn").start(() -> {
            String label;
            // the label is given only once the store is closed: a caller that opens the store next
            // in this process (one filter after another in a test, a wrapper) must not find it open
            try (Engine engine = Engine.open(config, db, ctx)) {
                label = autolearn.learn(engine.learner(), () -> engine.preparer().prepare(message, false),
                        d.pointsBesidesBayes(), probability).label();
            } catch (RuntimeException | Error e) {
                label = "failed";
            }
            learned.complete(label);
        });
        try {
            return learned.get(AUTOLEARN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ctx.err().println("bayard filter: autolearn skipped: another process has held the store's write lock at " + db
                    + " for more than " + AUTOLEARN_WAIT.toSeconds() + " s (a bayard train or learn); the message was scored and passed");
            return "unavailable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unavailable";
        } catch (ExecutionException e) {
            return "failed";
        }
    }

    @Override
    public Integer call() throws IOException {
        OptionRange.atLeast("--clues", clues, 0); // a usage error: the message goes out unchanged, by usageError
        BayardConfig config;
        try {
            config = common.config(ctx);
        } catch (RuntimeException | Error e) {
            passThrough(new byte[0]); // the whole message, streamed: its size is unknown without a limit
            ctx.err().println("bayard filter: message passed unfiltered: " + Main.oneLine(why(e)));
            return failed();
        }
        long limit = config.limits().maxScanBytes();
        MessageHead head;
        try {
            head = MessageHead.read(ctx.in(), limit);
        } catch (IOException e) {
            ctx.err().println("bayard filter: cannot read the message from standard input: " + IoProblem.reason(e));
            return failed(); // nothing written: the tempfail code makes the MTA keep the message
        } catch (OutOfMemoryError e) { // what was read is lost with the heap: the MTA must keep the message
            ctx.err().println("bayard filter: cannot read the message from standard input: " + why(e));
            return failed();
        }
        if (!head.whole()) return passTooLarge(head.bytes(), limit);
        return filter(config, head.bytes());
    }

    private int filter(BayardConfig config, byte[] message) throws IOException {
        byte[] output;
        Score score;
        Optional<String> notUsed;
        try {
            String autolearn;
            Path db = common.dbPath(ctx, config);
            // a mistyped --db made a new empty store that called every message unsure (p=0.5)
            Engine.requireStore(config, db);
            // Autolearn needs to write the store; a store this user may only read (the system's,
            // from a per-user recipe, with lock.mdb writable by the readers) is opened to read, and
            // the message still goes out. One it cannot even read safely is refused below, as before.
            Optional<String> unwritable = config.autolearn().enabled() ? Engine.whyStoreNotWritable(config, db) : Optional.empty();
            boolean learns = config.autolearn().enabled() && unwritable.isEmpty();
            // scored from a read-only open, which never waits for the write lock; see autolearnInTime
            Engine.Scored scored;
            try (Engine engine = Engine.openForReading(config, db, ctx)) {
                scored = engine.scoreWithTotals(message, clues > 0);
            }
            score = scored.score();
            // a store of a few messages, or of one class only, would flag or pass everything alike
            notUsed = config.policy().bayesMinLearned().shortfall(scored.learned());
            autolearn = learns ? autolearnInTime(config, db, message, scored) : unwritable.isPresent() ? "unavailable" : "no";
            unwritable.ifPresent(why -> ctx.err().println("bayard filter: autolearn skipped: the store cannot be written by this user: " + why));
            output = HeaderEditor.rewrite(message, SpamHeaders.REPLACED, notUsed.isPresent()
                    ? SpamHeaders.undertrained(score, notUsed.get(), config.policy().holdScore(), autolearn, Version.NUMBER)
                    : SpamHeaders.of(score, config.policy().bayesBands(), config.policy().holdScore(), autolearn, clues, Version.NUMBER));
        } catch (RuntimeException | Error e) {
            // Errors too: out of heap, a native library that would not load, a stack overflow.
            // What was allocated for scoring is garbage by now, so the message can still go out.
            ctx.out().write(message);
            ctx.out().flush();
            ctx.err().println("bayard filter: message passed unfiltered: " + Main.oneLine(why(e)));
            return failed();
        }
        ctx.out().write(output);
        ctx.out().flush();
        if (ctx.out().checkError()) return failed();
        if (!exitCode) return 0;
        if (notUsed.isPresent()) return 1; // not spam, as a message too large to score: no verdict to act on
        return switch (score.verdict()) {
            case SPAM -> 0;
            case HAM -> 1;
            case UNSURE -> 2;
        };
    }

    /**
     * What spamc does past its size limit ({@code -s}): a message larger than the part the reader
     * examines is not scored and goes out unchanged, without headers, as not spam. It is streamed,
     * so no size of message can exhaust the memory and lose it.
     */
    private int passTooLarge(byte[] head, long limit) {
        ctx.err().println("bayard filter: message passed unscored: it is larger than limits.max-scan-bytes (" + limit + " bytes)");
        if (!passThrough(head)) return failed();
        return exitCode ? 1 : 0;
    }

    /**
     * Writes what was read of the message, then copies the rest of standard input as it comes.
     * False when the message could not be passed whole (input or output failed).
     */
    private boolean passThrough(byte[] head) {
        ctx.out().write(head, 0, head.length);
        try {
            ctx.in().transferTo(ctx.out());
        } catch (IOException e) {
            ctx.err().println("bayard filter: cannot read the rest of the message from standard input: " + IoProblem.reason(e));
            return false;
        }
        ctx.out().flush();
        return !ctx.out().checkError();
    }

    /**
     * A usage error (a mistyped option in the recipe or master.cf): the message still goes out
     * unchanged with the failure code, never exit 2, which --exit-code users read as "unsure".
     */
    public static int usageError(AppContext ctx, picocli.CommandLine.ParameterException e, String[] args) {
        return usageError(ctx, e.getMessage(), args);
    }

    /** As {@link #usageError(AppContext, picocli.CommandLine.ParameterException, String[])}, saying {@code what}. */
    public static int usageError(AppContext ctx, String what, String[] args) {
        ctx.err().println("bayard filter: " + Main.oneLine(what) + "; message passed unfiltered (see 'bayard filter --help')");
        boolean exitCode = java.util.Arrays.asList(args).contains("--exit-code");
        try {
            ctx.in().transferTo(ctx.out());
        } catch (IOException io) {
            ctx.err().println("bayard filter: cannot read the rest of the message from standard input: " + IoProblem.reason(io));
        }
        ctx.out().flush();
        if (ctx.out().checkError()) ctx.err().println(cannotWrite());
        return exitCode ? 3 : EX_TEMPFAIL;
    }

    /**
     * The first word of "bayard --db DIR filter" (and of "bayard --exit-code filter"): filter's
     * options written before it, as git -C and spamc -d take options first. Present when the word
     * {@code filter} comes after options alone (each with its value, for filter's options that
     * take one), so that the pipe command is filter's, mistyped; empty for any other command line.
     */
    public static Optional<String> optionBeforeIt(picocli.CommandLine.Model.CommandSpec filter, String[] args) {
        if (args == null || args.length == 0 || !args[0].startsWith("-") || args[0].equals("-")) return Optional.empty();
        for (int i = 0; i < args.length; i++) {
            String word = args[i];
            if (word.equals("filter")) return Optional.of(args[0]);
            if (!word.startsWith("-") || word.equals("-")) return Optional.empty(); // another command, or its argument
            picocli.CommandLine.Model.OptionSpec option = filter.findOption(word);
            if (option != null && option.arity().min() > 0) i++; // its value, which may be "filter" or "db"
        }
        return Optional.empty();
    }

    /** The reason in one line, as the other commands say it. */
    private static String why(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (the JVM's heap limit is " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB): give it more with BAYARD_JAVA_OPTS=-Xmx..., or lower limits.max-scan-bytes";
        }
        Optional<String> explained = e instanceof Exception x ? Main.explain(x) : Optional.empty();
        return explained.orElseGet(() -> e.getMessage() != null ? e.getMessage() : "internal error (a bug): " + e);
    }

    /**
     * Filtering failed. When even the message could not be written (standard output closed or
     * full, the reader gone), says so: the tempfail code then makes the MTA keep the message and
     * try again, instead of taking an exit of 0 as delivered.
     */
    private int failed() {
        if (ctx.out().checkError()) ctx.err().println(cannotWrite());
        return exitCode ? 3 : EX_TEMPFAIL;
    }

    /**
     * Standard output could not be written. Under the launcher it is a file in its temporary
     * folder (the launcher names it in {@code bayard.filter-spool}), and the launcher then passes
     * its own copy of the message on: "cannot write to standard output" sent the reader looking
     * at the mail system, which got the message whole.
     */
    private static String cannotWrite() {
        String spool = System.getProperty("bayard.filter-spool");
        return spool == null
                ? "bayard filter: cannot write the message to standard output (closed, full, or its reader went away)"
                : "bayard filter: cannot write the filtered message to its temporary file in " + spool
                        + " (full?); the message is passed unfiltered, from the launcher's copy";
    }
}
