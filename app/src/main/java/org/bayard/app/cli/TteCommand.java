package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.IoProblem;
import org.bayard.app.UserException;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.StoreStats;
import org.bayard.core.store.Totals;
import org.bayard.core.train.Learner;
import org.bayard.core.train.ModelReplacement;
import org.bayard.core.train.TrainToExhaustion;
import org.bayard.core.train.TrainToExhaustion.Ending;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bayard tte}: builds a fresh model by training to exhaustion (see
 * {@link TrainToExhaustion}) in memory, writes the log and the culled mailboxes, then puts it in
 * the store in one transaction ({@link ModelReplacement}), which processes that have the store
 * open see at their next read. Anything that fails before the swap leaves the store as it was.
 * A store that holds a model already is refused unless --replace says to throw that model away:
 * a tte run at the production store (its default, or $BAYARD_DB) replaced 3,000 messages and
 * their ledger with a model of 57, and said so only in passing.
 */
@Command(name = "tte", mixinStandardHelpOptions = true,
        description = {"Train to exhaustion: build a fresh model from ham and spam mailboxes by training only what it "
                + "gets wrong, in rounds, until a round gets nothing wrong. A miss is ham scoring at or above the ham "
                + "cutoff, or spam scoring below the spam cutoff (unsure is a miss for both).",
                "Prints one line per round; writes tte.log (the misses of each round) and ham.mbox.cull and "
                        + "spam.mbox.cull (the messages that were trained) to --out, the three together once the model is in the store: "
                        + "a run that fails or is interrupted leaves none, and an earlier run's as they were. "
                        + "The new model then goes into the store in one transaction: running processes see it at their "
                        + "next read. A store that already holds learned messages is refused before anything is read "
                        + "or written, unless --replace is given: its model, ledger included, is then thrown away for "
                        + "the new one."})
public final class TteCommand extends StoreCommand {
    @Option(names = "--ham", arity = "1..*", required = true, paramLabel = "PATH", description = "Ham mailboxes, files or directories.")
    List<String> ham = new ArrayList<>();

    @Option(names = "--spam", arity = "1..*", required = true, paramLabel = "PATH", description = "Spam mailboxes, files or directories.")
    List<String> spam = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where tte.log and the culled mailboxes go (default: the current directory); not inside a pile's folder.")
    Path out = Path.of(".");

    @Option(names = "--replace", description = "Replace the model the store holds (its counts and ledger: every message "
            + "learned so far) with the new one; without it, a store that holds learned messages is refused.")
    boolean replace;

    @Option(names = "--max-rounds", paramLabel = "N", description = "Stop after this many rounds even if messages still miss (default: ${DEFAULT-VALUE}).")
    int maxRounds = 10;

    public TteCommand(AppContext ctx) {
        super(ctx);
    }

    /** The model goes in at the end, in one transaction: a tte that fails before leaves no new, empty store at --db. */
    @Override
    protected boolean takesNewStoreAwayOnFailure() {
        return true;
    }

    @Override
    protected int run(Engine engine) {
        StoreStats held = engine.store().stats();
        if (!replace && (held.totals().messages() > 0 || held.ledgerEntries() > 0 || held.tokens() > 0)) {
            throw new UserException(store(engine) + " already holds " + model(held.totals(), held.ledgerEntries())
                    + ": tte would replace it, ledger included, with the one it builds; give --replace to do that,"
                    + " or --db a new folder for a model of its own (nothing was read, written or changed)");
        }
        checkArguments();
        Progress reading = new Progress(ctx.err(), ctx.interactive(), "reading", 0);
        TtePiles piles = TtePiles.load(ctx, engine.preparer(), ham, spam, reading);
        reading.finish();
        requireMessages("ham", ham, piles.ham);
        requireMessages("spam", spam, piles.spam);

        ClassifierParams params = engine.config().classifier();
        InMemoryTokenStore model = new InMemoryTokenStore(engine.store().tokenizerVersion());
        TrainToExhaustion tte = new TrainToExhaustion(new MessageScorer(params), System::nanoTime);
        Path logPath = out.resolve("tte.log");
        TrainToExhaustion.Result result;
        int hamKept;
        int spamKept;
        ModelReplacement.Swap swap;
        // All three appear together once the model is in the store, or none does: a failure or
        // Ctrl-C leaves the files of an earlier run as they were, not mixed with a half of this
        // one, nor replaced by those of a model the store then refused (another process learned
        // into it meanwhile, a full disk): they used to be moved into place before the model went in.
        try (OutputFile logFile = OutputFile.create(logPath);
             OutputFile hamCull = OutputFile.create(out.resolve("ham.mbox.cull"));
             OutputFile spamCull = OutputFile.create(out.resolve("spam.mbox.cull"))) {
            TteLog log = new TteLog(logFile.stream(), piles);
            result = tte.run(piles.ham.messages(), piles.spam.messages(), model, new Learner(model, ctx.clock()), maxRounds,
                    round -> {
                        ctx.out().println(roundLine(round));
                        log.round(round);
                    });
            CullWriter cull = new CullWriter(ctx);
            hamKept = cull.write(piles.ham, result.trained(MailClass.HAM), hamCull);
            spamKept = cull.write(piles.spam, result.trained(MailClass.SPAM), spamCull);
            OutputFile.finishAll(logFile, hamCull, spamCull);
            reportEnding(result, logPath);
            swap = putIn(engine, model);
            try {
                OutputFile.commitAll(logFile, hamCull, spamCull);
            } catch (UserException e) {
                throw new UserException("the new model is in the store, but " + e.getMessage()
                        + "; no tte.log or culled mailbox of this run was kept", e);
            }
        }
        ctx.out().printf(Locale.ROOT, "tte: trained %d of %d ham and %d of %d spam; the model in the store now holds "
                        + "%d messages and %d tokens (it held %d messages and %d tokens)%n",
                hamKept, piles.ham.messages().size(), spamKept, piles.spam.messages().size(),
                swap.after().messages(), swap.tokensAfter(), swap.before().messages(), swap.tokensBefore());
        // tte keeps only the messages the model needed: piles of a few hundred each cull to dozens
        BayesReadyNote.line(engine, "tte", "tte keeps only the messages the model needed: train on the same piles keeps"
                + " every one, or lower the minimum to what tte left if its model is what you want.").ifPresent(ctx.out()::println);
        return 0;
    }

    /** Puts the model in the store, in one transaction; a failure leaves the store as it was. */
    private ModelReplacement.Swap putIn(Engine engine, InMemoryTokenStore model) {
        try {
            ModelReplacement.Swap swap = replace ? ModelReplacement.replace(model, engine.store()) : ModelReplacement.fill(model, engine.store());
            keepNewStore();
            return swap;
        } catch (ModelReplacement.TargetNotEmpty e) { // another process learned into it while tte ran
            throw new UserException(store(engine) + " was empty when tte began, and now holds " + model(e.totals(), e.ledgerEntries())
                    + " learned meanwhile by another process: tte's model was not put in, and the store is as it was"
                    + " (and so are the files in --out); run tte again with --replace to throw that model away for a new one", e);
        }
    }

    private String store(Engine engine) {
        return "the store " + common.dbPath(ctx, engine.config());
    }

    /** What a store holds, for the line that refuses it: "a model of 3000 messages (1500 ham, 1500 spam)". */
    private static String model(Totals totals, long ledgerEntries) {
        if (totals.messages() == 0) return "a model (" + ledgerEntries + " ledger entries, no messages in its totals)";
        return "a model of " + totals.messages() + (totals.messages() == 1 ? " message" : " messages")
                + " (" + totals.ham() + " ham, " + totals.spam() + " spam)";
    }

    /** SpamBayes' tte line, so its users can compare runs: {@code round:  1, msgs:  576, ham misses: 149, ...}. */
    public static String roundLine(TrainToExhaustion.Round r) {
        return String.format(Locale.ROOT, "round: %2d, msgs: %4d, ham misses: %3d, spam misses: %3d, %.1fs",
                r.number(), r.messages(), r.hamMisses(), r.spamMisses(), r.seconds());
    }

    private void reportEnding(TrainToExhaustion.Result result, Path logFile) {
        TrainToExhaustion.Round last = result.last();
        int misses = last.hamMisses() + last.spamMisses();
        if (result.ending() == Ending.CONVERGED) {
            ctx.out().println("tte: converged after " + last.number() + (last.number() == 1 ? " round" : " rounds"));
        } else if (result.ending() == Ending.STALLED) {
            ctx.err().println("bayard tte: warning: not converged: round " + last.number() + " still missed " + misses
                    + " message(s), all trained once already (the model counts each message once, so more rounds"
                    + " cannot change them); see " + logFile);
        } else {
            ctx.err().println("bayard tte: warning: not converged within " + maxRounds + " rounds: the last round missed "
                    + misses + " message(s); see " + logFile + ", or raise --max-rounds");
        }
    }

    /**
     * A model from one class only would replace the store's whole model (a mistyped folder, an
     * empty mailbox), so an empty pile stops tte before anything is written.
     */
    private static void requireMessages(String label, List<String> paths, TtePiles.Pile pile) {
        if (pile.messages().isEmpty() && pile.read() == 0) {
            throw new UserException("no " + label + " messages to train in " + String.join(" ", paths)
                    + "; tte builds a model of both ham and spam, so it stopped and the store is as it was");
        }
        if (pile.messages().isEmpty()) { // all left out; the log that lists them is not written
            List<String> why = new ArrayList<>();
            String other = label.equals("ham") ? "spam" : "ham";
            if (pile.inBoth() > 0) why.add(pile.inBoth() + " are in the " + other + " pile too");
            if (pile.copies() > 0) why.add(pile.copies() + " are copies of another");
            if (pile.notMail() > 0) why.add(pile.notMail() + " are not mail messages");
            throw new UserException("none of the " + pile.read() + " messages of the " + label + " pile " + String.join(" ", paths)
                    + " can be trained: " + String.join(", ", why)
                    + "; tte builds a model of both ham and spam, so it stopped and the store is as it was");
        }
    }

    @Override
    protected void checkOptions() {
        OptionRange.atLeast("--max-rounds", maxRounds, 1);
    }

    /**
     * The culled mailboxes written into a pile's folder (tte run there, --out being the current
     * folder) are read with that pile next time: spam.mbox.cull in the ham folder was read as ham
     * by the next tte, which left those spams out of both piles, and by a train of the folder,
     * which learned them as ham.
     */
    private void refuseOutInside(String label, List<String> pile) {
        Path where = WhereWritesLead.of(out);
        for (String path : pile) {
            Path folder = Path.of(path);
            if (!Files.isDirectory(folder)) continue;
            Path real;
            try {
                real = folder.toRealPath();
            } catch (IOException e) {
                continue; // unreadable piles are refused as such
            }
            if (where.startsWith(real)) {
                throw new UserException("cannot use --out " + out + ": it is inside the " + label + " pile " + path
                        + ", which would read tte.log and the culled mailboxes (spam and ham) as " + label
                        + " next time; give --out a folder outside the piles");
            }
        }
    }

    private void checkArguments() {
        if (ham.contains(MailInputs.STDIN_ARGUMENT) || spam.contains(MailInputs.STDIN_ARGUMENT)) {
            throw new UserException("tte reads its mailboxes twice (to train, then to write the culled ones), so it cannot read '-'");
        }
        Inputs.requireReadable(ham);
        Inputs.requireReadable(spam);
        if (Files.exists(out) && !Files.isDirectory(out)) throw new UserException("cannot use --out " + out + ": it is a file, not a directory");
        refuseOutInside("ham", ham);
        refuseOutInside("spam", spam);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UserException("cannot use --out " + out + ": " + IoProblem.describe(e), e);
        }
        if (!Files.isWritable(out)) throw new UserException("cannot write to --out " + out);
    }
}
