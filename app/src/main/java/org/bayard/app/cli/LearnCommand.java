package org.bayard.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.Main;
import org.bayard.core.mailbox.RawMessage;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.BatchTrainer;
import org.bayard.core.train.LearnOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "learn", mixinStandardHelpOptions = true,
        description = {"Learn messages as spam or ham. Learning a message twice changes nothing; learning it into "
                + "the other class unlearns the old class first.",
                "PATH is a message file, a directory, an mbox, a Maildir, or - for stdin.",
                "A message file (or stdin) is read as a stream, whatever its size; a message in an mbox or a pipe larger "
                        + "than 64 MiB is not learned, and a warning names it.",
                "Messages are committed in batches, as train does: an interrupted learn keeps whole batches; "
                        + "running it again skips what was already learned."})
public final class LearnCommand extends LearnsIntoClassCommand {
    @Option(names = {"-v", "--verbose"}, description = "Print the outcome for every message.")
    boolean verbose;

    public LearnCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int learnInto(Engine engine, MailClass mailClass) {
        return feed(ctx, engine, paths, verbose, "learn " + mailClass.label(), new Lesson() {
            @Override
            public void held(BatchTrainer<String> trainer, RawMessage m) {
                trainer.learn(m.bytes(), mailClass, m.origin());
            }

            @Override
            public void streamed(BatchTrainer<String> trainer, RawMessage start, Path file, Consumer<IOException> unreadable)
                    throws IOException {
                try (InputStream whole = Files.newInputStream(file)) {
                    trainer.learn(start.bytes(), whole, mailClass, start.origin());
                }
            }
        }, "learn", "learned", tally -> Optional.empty());
    }

    /** What learn, unlearn or forget does with one message, tagged with its origin. */
    interface Lesson extends LargeMessageRouter.Lesson<String> {}

    /**
     * A message file (or standard input, copied to a temporary file) larger than this is read
     * from a stream of the file, as trap reads one: read into the heap it was cut at 64 MiB with a
     * warning and learned cut, under another identity than the whole message's (so that a later
     * forget or relearn of it missed it), and one of nearly that much needed a heap several times
     * its size. Smaller ones are read whole and prepared on every core.
     */
    static final int HELD_FILE_BYTES = TrapCommand.HELD_FILE_BYTES;

    /**
     * The run that learn, unlearn and forget share: every message of {@code paths} given to a
     * {@link #reportingTrainer} by {@code lesson}, then the summary line (also when an error or
     * an interrupt stops it, saying what the store kept), and after it what {@code note} has to
     * add about the whole run. A message in a mailbox or a pipe too large to read whole is not
     * used (as trap does), with a warning that says it was not {@code done} ("learned"). Exit 1
     * when some path could not be read or some message was too large.
     *
     * @param action what a message too large is too large to do ("learn"), for the summary
     */
    static int feed(AppContext ctx, Engine engine, List<String> paths, boolean verbose, String verb, Lesson lesson,
                    String action, String done, Function<LearnTally, Optional<String>> note) {
        LearnTally tally = new LearnTally();
        int skipped;
        LargeMessageRouter<String> router;
        try (BatchTrainer<String> trainer = reportingTrainer(ctx, engine, tally, verbose);
             InterruptNotice notice = new InterruptNotice(ctx.out(), () -> tally.summary(verb), "batch", trainer::settle)) {
            router = new LargeMessageRouter<>(ctx, trainer, lesson, done);
            skipped = Inputs.eachReadable(ctx, paths, HELD_FILE_BYTES, (m, wholeFile) -> notice.oneMessage(() -> router.accept(m, wholeFile)));
            notice.lastStep(trainer::finish);
        } catch (RuntimeException | Error e) { // out of heap on this thread too: what was stored is kept
            ctx.out().println(tally.stopped(verb));
            throw e;
        }
        ctx.out().println(tally.summary(verb) + InputWarnings.tooLargeNote(router.tooLarge(), action)
                + Inputs.skippedNote(skipped + router.unread()));
        note.apply(tally).ifPresent(ctx.out()::println);
        return skipped + router.unread() + router.tooLarge() == 0 ? Main.EXIT_OK : Main.EXIT_INPUT;
    }

    /**
     * A trainer for learn, unlearn and forget: every core, batches as train makes them, each
     * outcome tallied and, when verbose, printed with the message's origin. In batches because
     * one transaction per message cost a commit's page writes and fsync each (about 20 ms here),
     * so a folder of a thousand took 20 s where train takes one.
     */
    private static BatchTrainer<String> reportingTrainer(AppContext ctx, Engine engine, LearnTally tally, boolean verbose) {
        // whether the store counts messages without a ledger entry, asked at the first "not learned" only (learn never has one)
        Supplier<Boolean> entriesLost = memoized(() -> engine.store().stats().unledgered() > 0);
        return engine.batchTrainer(TrainCommand.defaultBatch(engine.store()), Runtime.getRuntime().availableProcessors(), (origin, outcome) -> {
            tally.add(outcome);
            if (!verbose) return;
            boolean lost = outcome.kind() == LearnOutcome.Kind.NOT_LEARNED && entriesLost.get();
            ctx.out().println(Main.oneLine(origin) + ": " + outcome.describe(lost));
        });
    }

    private static <T> Supplier<T> memoized(Supplier<T> once) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = once.get();
                return value;
            }
        };
    }
}
