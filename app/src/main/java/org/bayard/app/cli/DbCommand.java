package org.bayard.app.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.store.StoreStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Inspect and maintain the store.",
        subcommands = {DbCommand.Stats.class, DbExportCommand.class, DbImportCommand.class, DbCheckCommand.class,
                DbPruneCommand.class})
public final class DbCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new org.bayard.app.MissingSubcommand(spec.commandLine());
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Messages per class, tokens, ledger entries, size on disk, tokenizer version.")
    public static final class Stats extends StoreCommand {
        @Option(names = "--json", description = "Print a JSON object.") boolean json;

        public Stats(AppContext ctx) {
            super(ctx, StoreUse.READ);
        }

        @Override
        protected int run(Engine engine) {
            StoreStats s = engine.store().stats();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ham", s.totals().ham());
            m.put("spam", s.totals().spam());
            m.put("tokens", s.tokens());
            m.put("ledger", s.ledgerEntries());
            m.put("messages_without_ledger_entry", s.unledgered());
            m.put("bytes_on_disk", s.bytesOnDisk());
            m.put("bytes_in_use", s.bytesInUse());
            m.put("tokenizer_version", s.tokenizerVersion());
            m.put("store", s.kind());
            Optional<String> notUsed = BayesReadyNote.shortfall(engine);
            m.put("bayes_used", notUsed.isEmpty());
            notUsed.ifPresent(why -> m.put("bayes_not_used", why));
            if (json) {
                ctx.out().println(Json.write(m));
            } else {
                ctx.out().printf(Locale.ROOT, "messages  %d (ham %d, spam %d)%ntokens    %d%nledger    %d entries%s%n",
                        s.totals().messages(), s.totals().ham(), s.totals().spam(), s.tokens(), s.ledgerEntries(), unledgered(s));
                // a store kept elsewhere (Redis) has no file here: its size is its server's to say
                if (s.bytesOnDisk() > 0) ctx.out().printf(Locale.ROOT, "on disk   %.1f MiB%s%n", s.bytesOnDisk() / 1048576.0, freeSpace(s));
                ctx.out().printf(Locale.ROOT, "tokenizer version %d%nstore     %s%n", s.tokenizerVersion(),
                        s.kind().equals("redis") ? engine.store().toString() : s.kind());
                ctx.out().println("bayes     " + notUsed.map(why -> "not used yet: " + why + " (policy.bayes-min-ham, policy.bayes-min-spam)")
                        .orElse("used (enough ham and spam learned for policy.bayes-min-ham and policy.bayes-min-spam)"));
            }
            return 0;
        }

        /**
         * The learned messages the ledger no longer has (pruned by age, or imported over an
         * overlap): still counted, but out of forget's reach, which a postmaster should see.
         */
        private static String unledgered(StoreStats s) {
            long n = s.unledgered();
            if (n == 0) return "";
            return String.format(Locale.ROOT, " (%d learned message%s none: pruned, or imported with --allow-overlap; forget cannot take %s out)",
                    n, n == 1 ? " has" : "s have", n == 1 ? "it" : "them");
        }

        /**
         * What of the file is free pages, when a tenth or more: LMDB reuses them before the file
         * grows, but never gives them back, so this is what an export and import into a new folder
         * would save (after a prune, a forget, or a large write's old copy of the token groups).
         */
        private static String freeSpace(StoreStats s) {
            long free = s.bytesOnDisk() - s.bytesInUse();
            if (free <= 0 || free * 10 < s.bytesOnDisk()) return "";
            return String.format(Locale.ROOT, " (%.1f MiB in use, %.1f MiB free pages that learning reuses)",
                    s.bytesInUse() / 1048576.0, free / 1048576.0);
        }
    }
}
