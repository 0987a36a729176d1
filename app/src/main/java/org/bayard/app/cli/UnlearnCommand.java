package org.bayard.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.mailbox.RawMessage;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.BatchTrainer;
import org.bayard.core.train.LearnOutcome;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "unlearn", mixinStandardHelpOptions = true,
        description = {"Take learned messages out of the counts and the ledger.",
                "With --spam or --ham, only messages learned as that class are unlearned (like bogofilter -S/-N); "
                        + "without, whatever they were learned as (the same as 'forget').",
                "Messages are committed in batches, as learn does: an interrupted run keeps whole batches; "
                        + "running it again takes out the rest."})
public final class UnlearnCommand extends StoreCommand {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Only only;

    static final class Only {
        @Option(names = "--spam", required = true, description = "Only unlearn messages learned as spam.") boolean spam;
        @Option(names = "--ham", required = true, description = "Only unlearn messages learned as ham.") boolean ham;
    }

    @Option(names = {"-v", "--verbose"}, description = "Print the outcome for every message.") boolean verbose;
    @Parameters(arity = "1..*", paramLabel = "PATH") List<String> paths;

    public UnlearnCommand(AppContext ctx) {
        super(ctx, StoreUse.CHANGE);
    }

    @Override
    protected int run(Engine engine) {
        Optional<MailClass> expected = only == null ? Optional.empty()
                : Optional.of(only.spam ? MailClass.SPAM : MailClass.HAM);
        return unlearn(ctx, engine, paths, expected, verbose, "unlearn", "unlearned");
    }

    static int unlearn(AppContext ctx, Engine engine, List<String> paths, Optional<MailClass> expected, boolean verbose, String verb,
                       String done) {
        Inputs.requireReadable(paths);
        return LearnCommand.feed(ctx, engine, paths, verbose, verb, new LearnCommand.Lesson() {
            @Override
            public void held(BatchTrainer<String> trainer, RawMessage m) {
                trainer.unlearn(m.bytes(), expected, m.origin());
            }

            @Override
            public void streamed(BatchTrainer<String> trainer, RawMessage start, Path file, Consumer<IOException> unreadable)
                    throws IOException {
                try (InputStream whole = Files.newInputStream(file)) {
                    trainer.unlearn(whole, expected, start.origin());
                }
            }
        }, verb, done, tally -> unledgeredNote(engine, verb, tally.count(LearnOutcome.Kind.NOT_LEARNED)));
    }

    /**
     * What "not learned" may mean once the ledger has lost entries (db prune --ledger-older-than,
     * an import with --allow-overlap): the message may have been learned, and still be counted,
     * with nothing left that says which class to take it out of. Said, so that a forget that
     * could not take a message out is not read as one that had nothing to do.
     */
    static Optional<String> unledgeredNote(Engine engine, String verb, int notLearned) {
        if (notLearned == 0) return Optional.empty();
        long unledgered = engine.store().stats().unledgered();
        if (unledgered == 0) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "%s: %d of these %s not in the ledger, but the store counts %d learned"
                        + " message%s whose ledger entr%s gone (pruned by db prune --ledger-older-than, or an import with"
                        + " --allow-overlap): a message among them stays counted, as nothing says what to take it out of",
                verb, notLearned, notLearned == 1 ? "is" : "are", unledgered, unledgered == 1 ? "" : "s",
                unledgered == 1 ? "y is" : "ies are"));
    }
}
