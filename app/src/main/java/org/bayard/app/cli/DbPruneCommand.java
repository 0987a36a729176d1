package org.bayard.app.cli;

import java.util.Locale;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.store.StoreStats;
import org.bayard.core.store.TokenPruner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Takes rare tokens out of the store, as {@code bogoutil -c} does for bogofilter: the store has
 * no other way to shrink, since learning only ever adds tokens (see {@link TokenPruner}).
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Remove the tokens whose ham and spam counts add up to at most N (default 1: the tokens seen in"
                + " one message only, most of a trained store), as bogoutil -c does. Message totals and the ledger stay,"
                + " so forget and relearning work as before (a pruned token's count stays at 0).",
                "One store transaction: it may run beside 'bayard serve' (whose learning waits for it), and a prune that"
                        + " fails, or is stopped (Ctrl-C, SIGTERM, kill -9), leaves the store as it was, or pruned whole if stopped as it"
                        + " committed; never half pruned.",
                "LMDB keeps its file's size and reuses the freed pages for what is learned next; to make the file smaller,"
                        + " export the store and import the dump into a new folder (see README, Running it for months).",
                "Tokens carry no age, so there is no pruning by age (bogoutil -a) yet."})
public final class DbPruneCommand extends StoreCommand {
    @Option(names = "--max-count", paramLabel = "N", defaultValue = "1",
            description = "Remove tokens counted at most N times, ham and spam together (default: ${DEFAULT-VALUE}).")
    int maxCount;

    @Option(names = "--dry-run", description = "Say what would be removed, and change nothing.")
    boolean dryRun;

    public DbPruneCommand(AppContext ctx) {
        super(ctx, StoreUse.CHANGE);
    }

    @Override
    protected void checkOptions() {
        OptionRange.atLeast("--max-count", maxCount, 1);
    }

    @Override
    protected int run(Engine engine) {
        if (dryRun) {
            TokenPruner.Pruned would = TokenPruner.wouldPrune(engine.store(), maxCount);
            ctx.out().printf(Locale.ROOT, "prune (dry run): would remove %s, %d would be left%nnothing was changed%n",
                    what(would), would.tokensAfter());
            return 0;
        }
        StoreStats before = engine.store().stats();
        TokenPruner.Pruned pruned = TokenPruner.prune(engine.store(), maxCount);
        StoreStats after = engine.store().stats();
        ctx.out().printf(Locale.ROOT, "prune: removed %s, %d left%n", what(pruned), after.tokens());
        ctx.out().printf(Locale.ROOT, "on disk: %.1f MiB before, %.1f MiB after, %.1f MiB of it in use%s%n",
                before.bytesOnDisk() / 1048576.0, after.bytesOnDisk() / 1048576.0, after.bytesInUse() / 1048576.0,
                pruned.removed() == 0 ? ""
                        : " (LMDB reuses the free pages for what is learned next; 'bayard db export' then 'db import'"
                        + " into a new folder writes only what is in use)");
        return 0;
    }

    private String what(TokenPruner.Pruned p) {
        return String.format(Locale.ROOT, "%d of %d tokens (counted at most %d time%s; they held %d ham and %d spam counts)",
                p.removed(), p.tokensBefore(), maxCount, maxCount == 1 ? "" : "s", p.hamCounts(), p.spamCounts());
    }
}
