package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.Main;
import org.bayard.app.UsageException;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.mailbox.RawMessage;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.LearnOutcome;
import org.bayard.core.train.BatchTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Bulk-load ham and spam (files, directories, mboxes, Maildirs).",
                "Messages are committed in batches: an interrupted train keeps whole batches and loses nothing else; "
                        + "running it again skips what was already learned.",
                "A message file (or stdin) is read as a stream, whatever its size; a message in an mbox or a pipe larger than 64 MiB "
                        + "is not learned, a warning names it, and the exit code is 1."})
public final class TrainCommand extends StoreCommand {
    @Option(names = "--ham", arity = "1..*", paramLabel = "PATH", description = "Ham to learn.")
    List<String> ham = new ArrayList<>();

    @Option(names = "--spam", arity = "1..*", paramLabel = "PATH", description = "Spam to learn.")
    List<String> spam = new ArrayList<>();

    /*
     * The LMDB writer rewrites each leaf page a commit dirtied, so a larger batch writes each
     * fewer times, as long as the batch's distinct tokens fit the writer's held limit, which
     * follows the heap (WriterHeapBudget.heldLimit): 2,000 of the spamassassin corpus's messages
     * hold up to 569k tokens, which a heap of ~220 MB affords. Measured (the corpus into a fresh
     * store per round, old and new jar alternating in one JVM, medians of 7 rounds, the writer
     * thread's CPU per message): with -Xmx512m, batches of 500 144 us, 1,000 121, 2,000 122,
     * 5,000 102, the whole corpus 89; with the launcher's default heap, 500 155, 2,000 108,
     * 5,000 110; with the held limit fixed at 200k as before, 2,000 took 420-444. Batches of
     * 500 and of 2,000 alternating in one JVM (-Xmx512m): writer CPU ratio 0.87 (9 pairs,
     * 0.84-0.98; an A/A run of the same jar gave 1.13), store.write's wall time 0.70.
     * Not more than 2,000: the batch's prepared messages are held in memory until it commits, and
     * a 64 MB heap that trains 2,000 at a time ran out of memory with 5,000. Nor is a larger batch
     * faster: what a commit fewer saves, the larger batch's adds pay back (the writer's CPU for
     * one batch of 2,000 28 to 36 ms, of 3,000 44 to 61 ms, of the last 46 messages 15 ms). The
     * corpus (6,046 messages) at -Xmx512m, writer thread CPU against batches of 2,000, two class
     * loaders of one JVM alternating, A/A 1.007 to 1.028: 3,000 a batch 0.977 (12 pairs), 4,000
     * (its log given a sixth of the heap, so that it fits) 1.015 (12 pairs); 3,023 0.868 (16
     * pairs) and 2,016 0.883 (12 pairs), which only leave out the 46-message commit that batches
     * of 2,000 end with: a cost once per run, not per message.
     * A heap under 256 MB keeps 500: it cannot hold a batch of 2,000's counts (its held limit is
     * under ~570k tokens), so it would write the batch out in parts, slower than 500; and a 64 MB
     * heap, which trains a store of a million tokens, ran out of memory with 2,000 once the
     * writer kept its runs' arrays (LogRuns) as well.
     */
    /** Heaps from this size train in batches of {@link #LARGE_BATCH}, smaller ones of {@link #SMALL_BATCH}. */
    private static final long LARGE_BATCH_HEAP = 256L << 20;
    private static final int LARGE_BATCH = 2000;
    private static final int SMALL_BATCH = 500;

    /**
     * Into a Redis store, a batch is one script, and Redis serves no other node while it runs: the
     * corpus in batches of 2,000 held it 670 to 790 ms a batch, in batches of 200 100 to 140 ms,
     * and the whole train took as long (5.7 and 5.8 s; INFO commandstats, a local redis-server).
     */
    private static final int REDIS_BATCH = 200;

    /** Messages per store transaction unless --batch says otherwise, for this JVM's heap; the benchmark trains in batches of as many. */
    public static int defaultBatch() {
        return Runtime.getRuntime().maxMemory() >= LARGE_BATCH_HEAP ? LARGE_BATCH : SMALL_BATCH;
    }

    /** As {@link #defaultBatch()}, for {@code store}: smaller into Redis. */
    public static int defaultBatch(org.bayard.core.store.TokenStore store) {
        return store instanceof org.bayard.store.redis.RedisTokenStore ? REDIS_BATCH : defaultBatch();
    }

    @Option(names = "--batch", paramLabel = "N", description = {
            "Messages per store transaction (default here: ${DEFAULT-VALUE}; 2000 in a heap of 256 MB or more, else 500;"
                    + " 200 into a Redis store, whose other nodes wait while a batch commits).",
            "Larger batches train faster while the heap holds their counts; an interrupted train loses "
                    + "its unfinished batch, which a rerun learns again."})
    int batch = defaultBatch();

    @Spec
    CommandSpec spec;

    /** The batch --batch gives, else the default for the store the engine opened. */
    private int batchFor(Engine engine) {
        return spec.commandLine().getParseResult().hasMatchedOption("--batch") ? batch : defaultBatch(engine.store());
    }

    /** Each preparing thread keeps a few raw messages in flight: a bound on threads is one on that memory. */
    private static final int MAX_THREADS = 1024;

    @Option(names = "--threads", paramLabel = "N", description = {
            "Threads that prepare messages while the previous batch commits (default: the cores here, ${DEFAULT-VALUE}).",
            "Messages are still learned, and reported, in the order given."})
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = {"-v", "--verbose"}, description = "Print the outcome for every message.")
    boolean verbose;

    public TrainCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected void checkOptions() {
        if (ham.isEmpty() && spam.isEmpty()) throw new UsageException("nothing to train: give --ham PATH... and/or --spam PATH...");
        OptionRange.atLeast("--batch", batch, 1);
        OptionRange.between("--threads", threads, 1, MAX_THREADS);
        // Each list is read on its own, so '-' in both read the message as ham, then an empty
        // standard input as the spam.
        if (ham.contains(MailInputs.STDIN_ARGUMENT) && spam.contains(MailInputs.STDIN_ARGUMENT)) {
            throw new UsageException("standard input can be read only once: give '-' to --ham or to --spam, not both");
        }
        // before the store is opened: a missing file made an empty store at a new --db before it was refused
        Inputs.requireReadable(ham);
        Inputs.requireReadable(spam);
    }

    @Override
    protected int run(Engine engine) {
        LearnTally tally = new LearnTally();
        Progress progress = new Progress(ctx.err(), ctx.interactive(), "train", 0);
        int skipped = 0;
        int tooLarge = 0;
        List<LargeMessageRouter<Origin>> routers = new ArrayList<>();
        try (BatchTrainer<Origin> trainer = engine.batchTrainer(batchFor(engine), threads,
                (origin, outcome) -> report(origin, outcome, tally, progress));
             InterruptNotice notice = new InterruptNotice(ctx.out(), () -> tally.summary("train"), "batch", trainer::settle)) {
            for (MailClass mailClass : List.of(MailClass.HAM, MailClass.SPAM)) {
                LargeMessageRouter<Origin> router = new LargeMessageRouter<>(ctx, trainer, lesson(mailClass), "learned");
                routers.add(router);
                skipped += Inputs.eachReadable(ctx, mailClass == MailClass.HAM ? ham : spam, LearnCommand.HELD_FILE_BYTES,
                        (m, wholeFile) -> notice.oneMessage(() -> router.accept(m, wholeFile)));
                tooLarge += router.tooLarge();
            }
            notice.lastStep(trainer::finish);
            // a message file read on a preparing thread is known to be unreadable only once its batch is reported
            for (LargeMessageRouter<Origin> router : routers) skipped += router.unread();
        } catch (RuntimeException | Error e) { // out of heap on this thread too: what was stored is kept
            progress.finish();
            ctx.out().println(tally.stopped("train"));
            throw e;
        }
        progress.finish();
        double secs = progress.seconds();
        ctx.out().println(tally.summary("train") + String.format(Locale.ROOT, " in %.1fs, %.0f msg/s", secs,
                tally.messages() / Math.max(secs, 1e-9)) + InputWarnings.tooLargeNote(tooLarge, "learn") + Inputs.skippedNote(skipped));
        BayesReadyNote.line(engine, "train", "Learn more of the site's mail of the class that is short (a Junk folder,"
                + " what traps and moderators report), or lower the minimum.").ifPresent(ctx.out()::println);
        // 1 also for messages too large to learn, as for a path that could not be read: the rest
        // is learned, but a nightly train's script has to learn that the store lacks a message
        // it was given, which the summary line names the count of and the warnings the messages.
        return skipped + tooLarge == 0 ? Main.EXIT_OK : Main.EXIT_INPUT;
    }

    /**
     * Learns a message as {@code mailClass}: held, prepared on the preparing threads; too large to
     * hold, from a stream of its file, as learn does, so it is learned whole (the identity and
     * features learn gives it) and in its turn. Read into the heap it was cut at 64 MiB and learned
     * cut, under another identity, and a folder with a message of 100 MB ran a small heap out.
     * The stream is read on a preparing thread too, within the trainer's bound on raw bytes in
     * preparation: read on this one, a folder of 5 MB messages was prepared one at a time.
     */
    private static LargeMessageRouter.Lesson<Origin> lesson(MailClass mailClass) {
        return new LargeMessageRouter.Lesson<>() {
            @Override
            public void held(BatchTrainer<Origin> trainer, RawMessage m) {
                trainer.learn(m.bytes(), mailClass, new Origin(m.origin(), mailClass));
            }

            @Override
            public void streamed(BatchTrainer<Origin> trainer, RawMessage start, Path file, Consumer<IOException> unreadable) {
                trainer.learn(start.bytes(), () -> Files.newInputStream(file), mailClass, new Origin(start.origin(), mailClass), unreadable);
            }
        };
    }

    /** Where a message came from and what it was to be learned as, for the verbose report. */
    private record Origin(String path, MailClass mailClass) {}

    private void report(Origin origin, LearnOutcome outcome, LearnTally tally, Progress progress) {
        tally.add(outcome);
        progress.step();
        if (verbose) ctx.out().println(Main.oneLine(origin.path()) + ": " + origin.mailClass().label() + " " + outcome.describe());
    }
}
