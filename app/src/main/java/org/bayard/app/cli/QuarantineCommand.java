package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.StopsWithItsReader;
import org.bayard.app.UsageException;
import org.bayard.app.UserException;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.gate.GateService;
import org.bayard.app.gate.LearnedBeforeRelease;
import org.bayard.app.gate.Quarantine;
import org.bayard.app.gate.ReleaseHop;
import org.bayard.app.gate.ReleasedBy;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.quarantine.Spool;
import org.bayard.smtp.NextHop;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bayard quarantine}: what a moderator does with held mail. */
@Command(name = "quarantine", mixinStandardHelpOptions = true,
        description = {"List, read, release or discard held mail, and learn from the decision.",
                "release delivers to the next hop and removes the item only after the next hop's 250; learn-ham learns "
                        + "the message as ham and releases it; learn-spam learns it as spam and discards it.",
                "export --mbox FILE [ID...] writes held messages (all when no ID is given) to an mbox and keeps them held; "
                        + "expire [--days N] discards what was held more than N days ago (run it daily, e.g. from cron)."})
public final class QuarantineCommand extends StoreCommand implements StopsWithItsReader {
    @Parameters(index = "0", paramLabel = "ACTION", description = "list, show, release, discard, learn-ham, learn-spam, export or expire")
    String action;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ID")
    List<String> ids = List.of();

    @Option(names = "--next-hop", paramLabel = "HOST:PORT", description = "Deliver here instead of smtp.next-hop.")
    String nextHop;

    @Option(names = "--quarantine", paramLabel = "DIR", description = "The spool instead of smtp.quarantine.")
    Path quarantine;

    @Option(names = "--mbox", paramLabel = "FILE", description = "export: the mbox to write (appended to if it exists).")
    Path mbox;

    @Option(names = "--force", description = "release, learn-ham: deliver even an item an earlier release may have delivered"
            + " (it was cut off after sending the message, before the next hop's answer); look in the next hop's log first.")
    boolean force;

    @Option(names = "--days", paramLabel = "N", description = "expire: discard items held more than N days ago (default: ${DEFAULT-VALUE}).")
    int days = 30;

    @Spec CommandLine.Model.CommandSpec spec;

    public QuarantineCommand(AppContext ctx) {
        super(ctx);
    }

    /**
     * list and show only print, so they stop with their reader ({@code quarantine list | head -1}
     * read every held item for no one); the other actions deliver, discard, learn or write an mbox,
     * which they finish. {@code quarantine --help} has no action, and prints only its help.
     */
    @Override
    public boolean printsOnly() {
        if (action == null) return true;
        String a = action.toLowerCase(Locale.ROOT);
        return a.equals("list") || a.equals("show");
    }

    private static final List<String> ACTIONS = List.of("list", "show", "release", "discard", "learn-ham", "learn-spam", "export", "expire");

    @Override
    protected void checkOptions() {
        if (!ACTIONS.contains(action.toLowerCase(Locale.ROOT))) {
            throw new UsageException("unknown quarantine action '" + action + "'; one of " + String.join(", ", ACTIONS));
        }
        OptionRange.atLeast("--days", days, 0);
        if (nextHop != null) OptionRange.hostPort("--next-hop", nextHop);
        // 'expire 7' expired what was held more than 30 days, the 7 ignored; 'list x' listed all
        String a = action.toLowerCase(Locale.ROOT);
        // an id pasted twice was exported twice into the mbox, and a second release or discard of it
        // said it was not held, exit 1, after the first had done it: each id is taken once, in order
        ids = List.copyOf(new LinkedHashSet<>(ids));
        if (a.equals("expire") && !ids.isEmpty()) {
            throw new UsageException("quarantine expire takes no ID; the age goes in --days (e.g. --days " + ids.get(0) + ")");
        }
        if (a.equals("list") && !ids.isEmpty()) throw new UsageException("quarantine list takes no ID; to read one: quarantine show ID");
        if (a.equals("export") && mbox == null) throw new UsageException("quarantine export needs --mbox FILE");
        if (force && !a.equals("release") && !a.equals("learn-ham")) {
            throw new UsageException("--force is for quarantine release and learn-ham only");
        }
        refuseWhereWithoutEffect(a, "--days", "expire");
        refuseWhereWithoutEffect(a, "--mbox", "export");
        refuseWhereWithoutEffect(a, "--next-hop", "release", "learn-ham");
        if (!List.of("list", "export", "expire").contains(a) && ids.isEmpty()) {
            throw new UsageException("quarantine " + a + " needs at least one ID, as 'bayard quarantine list' shows them");
        }
    }

    /**
     * An option given to an action that does nothing with it: 'list --days 7' listed every item and
     * 'discard ID --mbox x' wrote no x, without a word, so the user took the option as used.
     */
    private void refuseWhereWithoutEffect(String action, String option, String... usedBy) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option) && !List.of(usedBy).contains(action)) {
            throw new UsageException(option + " is for quarantine " + String.join(" and ", usedBy) + " only");
        }
    }

    /**
     * Only learn-ham and learn-spam write the store. The other actions read it (for nothing but
     * the configuration, as it happens), so they never wait for its write lock: opened to write,
     * a moderator's release or cron's expire waited for as long as a train into the store ran.
     * Where there is no store yet, it is opened as before (and made).
     */
    @Override
    protected StoreUse storeUse(org.bayard.app.config.BayardConfig config, Path db) {
        String a = action.toLowerCase(Locale.ROOT);
        if (a.equals("learn-ham") || a.equals("learn-spam")) return StoreUse.LEARN;
        return org.bayard.app.StorePlace.of(config, db).holdsStore() ? StoreUse.READ : StoreUse.LEARN;
    }

    /**
     * The quarantine is bayard serve's: it makes it at its start. One that is not there means the
     * command looks elsewhere than the service (a cron job without its -c); making an empty one,
     * and an empty store beside it, made expire discard nothing with exit 0 every day.
     */
    @Override
    protected void checkBeforeOpening(BayardConfig config, Path db) {
        Path dir = GateService.quarantineDir(Overrides.apply(config, nextHop, quarantine).smtp(), db);
        if (!Files.isDirectory(dir)) {
            throw new UserException("no quarantine at " + dir + " (bayard serve makes its quarantine when it starts); name the one"
                    + " the service uses with -c FILE (its smtp.quarantine, else beside its db) or --quarantine DIR");
        }
    }

    @Override
    protected int run(Engine engine) throws IOException {
        BayardConfig config = Overrides.apply(engine.config(), nextHop, quarantine);
        Path dir = GateService.quarantineDir(config.smtp(), common.dbPath(ctx, config));
        Quarantine q = Quarantine.open(dir);
        String a = action.toLowerCase(Locale.ROOT);
        if (a.equals("list")) {
            new HeldMailPrinter(ctx).list(q);
            return 0;
        }
        if (a.equals("export")) return new QuarantineExport(ctx, mbox, ids).run(q);
        if (a.equals("expire")) return new QuarantineExpire(ctx, days).run(q);
        int status = 0;
        for (String id : ids) {
            if (!Spool.validId(id) || !q.spool().contains(id)) {
                // decided by the page a moment ago, or mistyped: as the page's bulk decision does, say so and decide the rest
                status = Spool.validId(id) && q.spool().released(id) ? releasedAlready(id) : notHeld(id, q);
                continue;
            }
            try {
                status = Math.max(status, decide(engine, config, dir, q, a, id));
            } catch (Quarantine.Taken e) {
                // the page or another command has it, or has just decided it: the rest are still ours to decide
                ctx.err().println("bayard: " + id + " not decided here: " + e.getMessage() + "; nothing was done or learned here");
                status = 1;
            }
        }
        return status;
    }

    /** One action on one held item: 0, or 1 when the next hop did not take a release (the item stays held). */
    private int decide(Engine engine, BayardConfig config, Path dir, Quarantine q, String a, String id) throws IOException {
        switch (a) {
            case "show" -> {
                if (!new HeldMailPrinter(ctx).show(q, id, config.limits().maxScanBytes())) return notHeld(id, q);
            }
            case "discard" -> {
                q.discard(id);
                ctx.out().println(id + ": discarded");
            }
            case "learn-spam" -> {
                q.discard(id, learnAs(engine, MailClass.SPAM));
                ctx.out().println(id + ": learned as spam and discarded");
            }
            case "release", "learn-ham" -> {
                boolean ham = a.equals("learn-ham");
                LearnedBeforeRelease judgement = new LearnedBeforeRelease(ham ? learnAs(engine, MailClass.HAM) : Quarantine.Judgement.NONE);
                try (NextHop hop = ReleaseHop.connect(config.smtp(), dir)) {
                    List<String> refused = q.release(id, hop, judgement,
                            new ReleasedBy(System.getProperty("user.name", "?"), "bayard quarantine " + a, ctx.clock().instant()), force);
                    ctx.out().println(id + (a.equals("learn-ham") ? ": learned as ham and released" : ": released")
                            + (refused.isEmpty() ? "" : "; the next hop refused " + String.join(", ", refused)));
                } catch (Quarantine.Taken e) {
                    throw e; // not "stays held": another decision has it, or has just carried it out
                } catch (Quarantine.LeftOver e) {
                    ctx.out().println(id + (ham ? ": learned as ham and released" : ": released"));
                    ctx.err().println("bayard: warning: " + e.getMessage());
                } catch (IOException e) {
                    ctx.err().println("bayard: " + id + " not released (it stays held): " + (ham ? judgement.told(e) : e).getMessage());
                    return 1;
                }
            }
            default -> throw new UserException("unknown quarantine action '" + action + "'; one of list, show, release, discard, learn-ham, learn-spam, export, expire");
        }
        return 0;
    }

    /** Says that an item was released by a release that could not remove its files; 1, the exit status. */
    private int releasedAlready(String id) {
        ctx.err().println("bayard: " + id + " not decided here: released already (delivered to the next hop; its files are"
                + " left over, not held); nothing was done or learned here");
        return 1;
    }

    /** Says that an item is not (or no longer) held, as for a mistyped id; 1, the exit status. */
    private int notHeld(String id, Quarantine q) {
        ctx.err().println("bayard: " + id + " not decided here: no quarantined message with id '" + id
                + "' (decided already, or never held)" + HeldFileNameHint.of(q.spool(), id) + "; nothing was done or learned here");
        return 1;
    }

    /** Learning the moderator's verdict, which the quarantine applies only once this decision holds the item. */
    private static Quarantine.Judgement learnAs(Engine engine, MailClass mailClass) {
        // only what learning reads is held: a held message may be larger than the heap, and was read whole
        return message -> engine.learner().learn(engine.preparer().prepare(message), mailClass, LearnSource.MODERATOR);
    }
}
