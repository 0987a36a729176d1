package org.bayard.app.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.store.LedgerPruner;
import org.bayard.core.store.StoreStats;
import org.bayard.core.store.TokenPruner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Takes rare tokens out of the store, as {@code bogoutil -c} does for bogofilter, and old entries
 * out of its ledger: learning only ever adds both, so the store has no other way to shrink (see
 * {@link TokenPruner} and {@link LedgerPruner}).
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove the tokens whose ham and spam counts add up to at most N (default 1: the tokens seen in"
                + " one message only, most of a trained store), as bogoutil -c does. Message totals and the ledger stay,"
                + " so forget and relearning work as before (a pruned token's count stays at 0).",
                "With --ledger-older-than DAYS, remove instead the ledger entries of the messages learned more than DAYS"
                        + " days ago (the ledger grows by about 100 bytes for every message learned). Those messages stay"
                        + " counted, but the store no longer knows them: learned again they count twice, and forget cannot"
                        + " take them out. Give --max-count too to prune both in one go.",
                "One store transaction: it may run beside 'bayard serve' (whose learning waits for it), and a prune that"
                        + " fails, or is stopped (Ctrl-C, SIGTERM, kill -9), leaves the store as it was, or pruned whole if stopped as it"
                        + " committed; never half pruned.",
                "LMDB keeps its file's size and reuses the freed pages for what is learned next; to make the file smaller,"
                        + " export the store and import the dump into a new folder (see README, Running it for months).",
                "Tokens carry no age, so there is no pruning of tokens by age (bogoutil -a)."})
public final class DbPruneCommand extends StoreCommand {
    /** A ledger entry's age is counted in days; more than a century back is no age a ledger can have. */
    static final int MAX_DAYS = 36_500;

    @Option(names = "--max-count", paramLabel = "N",
            description = "Remove tokens counted at most N times, ham and spam together (default: 1, unless only"
                    + " --ledger-older-than is given: then no tokens are removed).")
    Integer maxCount;

    @Option(names = "--ledger-older-than", paramLabel = "DAYS",
            description = "Remove the ledger entries of messages learned (or last relearned) more than DAYS days ago.")
    Integer ledgerDays;

    @Option(names = "--dry-run", description = "Say what would be removed, and change nothing.")
    boolean dryRun;

    public DbPruneCommand(AppContext ctx) {
        super(ctx, StoreUse.CHANGE);
    }

    @Override
    protected void checkOptions() {
        if (maxCount != null) OptionRange.atLeast("--max-count", maxCount, 1);
        if (ledgerDays != null) OptionRange.between("--ledger-older-than", ledgerDays, 1, MAX_DAYS);
    }

    /** Tokens are pruned when asked for, or when nothing else is (the command's first meaning, kept). */
    private boolean tokens() {
        return maxCount != null || ledgerDays == null;
    }

    private int count() {
        return maxCount == null ? 1 : maxCount;
    }

    private Instant cutoff() {
        return ctx.clock().instant().minus(Duration.ofDays(ledgerDays));
    }

    @Override
    protected int run(Engine engine) {
        if (dryRun) {
            if (tokens()) {
                TokenPruner.Pruned would = TokenPruner.wouldPrune(engine.store(), count());
                ctx.out().printf(Locale.ROOT, "prune (dry run): would remove %s, %d would be left%n", what(would), would.tokensAfter());
            }
            if (ledgerDays != null) {
                Instant cutoff = cutoff();
                LedgerPruner.Pruned would = LedgerPruner.wouldPrune(engine.store(), cutoff);
                ctx.out().printf(Locale.ROOT, "prune (dry run): would remove %s, %d would be left%n", what(would, cutoff), would.entriesAfter());
            }
            ctx.out().println("nothing was changed");
            return 0;
        }
        StoreStats before = engine.store().stats();
        Instant cutoff = ledgerDays == null ? null : cutoff();
        Both pruned = engine.store().write(view -> new Both(
                tokens() ? TokenPruner.pruneIn(view, count()) : null,
                cutoff != null ? LedgerPruner.pruneIn(view, cutoff) : null));
        StoreStats after = engine.store().stats();
        if (pruned.tokens() != null) ctx.out().printf(Locale.ROOT, "prune: removed %s, %d left%n", what(pruned.tokens()), after.tokens());
        if (pruned.ledger() != null) {
            ctx.out().printf(Locale.ROOT, "prune: removed %s, %d left%n", what(pruned.ledger(), cutoff), after.ledgerEntries());
            if (pruned.ledger().removed() > 0) {
                ctx.out().printf(Locale.ROOT, "prune: those messages stay counted (%d counted messages now have no ledger entry):"
                        + " learned again they count twice, and forget cannot take them out%n", after.unledgered());
            }
        }
        boolean removed = (pruned.tokens() != null && pruned.tokens().removed() > 0)
                || (pruned.ledger() != null && pruned.ledger().removed() > 0);
        if (after.bytesOnDisk() == 0) return 0; // a store kept elsewhere (Redis) has no file here, and frees what a prune removes
        ctx.out().printf(Locale.ROOT, "on disk: %.1f MiB before, %.1f MiB after, %.1f MiB of it in use%s%n",
                before.bytesOnDisk() / 1048576.0, after.bytesOnDisk() / 1048576.0, after.bytesInUse() / 1048576.0,
                !removed ? ""
                        : " (LMDB reuses the free pages for what is learned next; 'bayard db export' then 'db import'"
                        + " into a new folder writes only what is in use)");
        return 0;
    }

    /** What one transaction pruned: either part null when it was not asked for. */
    private record Both(TokenPruner.Pruned tokens, LedgerPruner.Pruned ledger) {}

    private String what(TokenPruner.Pruned p) {
        return String.format(Locale.ROOT, "%d of %d tokens (counted at most %d time%s; they held %d ham and %d spam counts)",
                p.removed(), p.tokensBefore(), count(), count() == 1 ? "" : "s", p.hamCounts(), p.spamCounts());
    }

    private String what(LedgerPruner.Pruned p, Instant cutoff) {
        return String.format(Locale.ROOT, "%d of %d ledger entries (learned before %s, %d day%s ago; %d ham, %d spam)",
                p.removed(), p.entriesBefore(), cutoff.truncatedTo(ChronoUnit.SECONDS), ledgerDays, ledgerDays == 1 ? "" : "s",
                p.ham(), p.spam());
    }
}
