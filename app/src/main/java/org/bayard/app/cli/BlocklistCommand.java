package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.UsageException;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.gate.Blocklist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bayard blocklist}: the automated sender blocklist of the SMTP gate, by hand. */
@Command(name = "blocklist", mixinStandardHelpOptions = true,
        description = {"List, add or remove entries of the sender blocklist: (client address, envelope sender) pairs that "
                + "bayard serve refuses at RCPT with 550 5.7.1 until they expire. The gate adds one after each rejection "
                + "(smtp.blocklist-hours, default 3). Kept in the store directory (blocklist.tsv); a running gate sees "
                + "changes at once.",
                "  bayard blocklist list",
                "  bayard blocklist add 192.0.2.7 spammer@example.net [--hours 24]",
                "  bayard blocklist remove 192.0.2.7 spammer@example.net      (<> is the null sender)"})
public final class BlocklistCommand implements Callable<Integer> {
    private final AppContext ctx;

    @Mixin CommonOptions common;

    @Parameters(index = "0", paramLabel = "ACTION", description = "list, add or remove")
    String action;

    @Parameters(index = "1..*", arity = "0..2", paramLabel = "CLIENT SENDER")
    List<String> args = List.of();

    @Option(names = "--hours", paramLabel = "N", description = "How long an added entry lasts (default: smtp.blocklist-hours).")
    Double hours;

    public BlocklistCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        if (hours != null && !Blocklist.validHours(hours)) {
            throw new UsageException("--hours must be over 0 and at most " + Blocklist.LONGEST_HOURS + ", got " + hours);
        }
        String a = action.toLowerCase(Locale.ROOT);
        if (!List.of("list", "add", "remove").contains(a)) throw new UsageException("unknown blocklist action '" + action + "'; one of list, add, remove");
        if (!a.equals("list") && args.size() != 2) throw new UsageException("blocklist " + a + " needs CLIENT and SENDER");
        if (a.equals("list") && !args.isEmpty()) throw new UsageException("blocklist list takes no CLIENT or SENDER");
        // 'remove ... --hours 1' removed the entry and 'list --hours 1' listed all, the option ignored without a word
        if (hours != null && !a.equals("add")) throw new UsageException("--hours is for blocklist add only");
        if (!a.equals("list")) requirePair();
        BayardConfig config = common.config(ctx);
        Path db = common.dbPath(ctx, config);
        // the gate reads the blocklist beside its store: at a mistyped --db, list showed none and
        // add wrote an entry no gate would read
        if (a.equals("add") && hours == null && config.smtp().blocklistHours() == 0) {
            throw new UsageException("give --hours: smtp.blocklist-hours is 0, so there is no default time (the gate lists nobody by itself)");
        }
        Engine.requireStore(config, db);
        Blocklist list = Blocklist.in(db, ctx.clock(), waiting -> ctx.err().println("bayard: " + waiting));
        switch (a) {
            case "list" -> {
                for (Blocklist.Entry e : list.entries()) {
                    ctx.out().printf(Locale.ROOT, "%s  %s  until %s%n", e.client(), e.sender().isEmpty() ? "<>" : "<" + e.sender() + ">", e.expires());
                }
                return 0;
            }
            case "add" -> {
                double h = hours != null ? hours : config.smtp().blocklistHours();
                Blocklist.Entry blocked = list.add(args.get(0), args.get(1), Blocklist.hours(h));
                ctx.out().println("blocked " + args.get(0) + " " + args.get(1) + " until " + blocked.expires()
                        + (blocked.expires().isAfter(list.expiryIn(Blocklist.hours(h))) ? " (blocked longer already; kept)" : " (" + h + " h)"));
                if (config.smtp().afterQueue()) {
                    // kept: a gate before the queue may share this store, or the mode may change back
                    ctx.err().println("bayard: note: smtp.mode is after-queue: bayard serve consults no blocklist there, so this"
                            + " entry refuses nothing until a gate runs before the queue");
                }
                return 0;
            }
            case "remove" -> {
                if (!list.remove(args.get(0), args.get(1))) {
                    ctx.err().println("bayard: no blocklist entry for " + args.get(0) + " " + args.get(1));
                    return 1;
                }
                ctx.out().println("removed " + args.get(0) + " " + args.get(1));
                return 0;
            }
            default -> throw new IllegalStateException(a); // checked above
        }
    }

    /**
     * Checks and normalizes the pair. A CLIENT that is no IP address or a SENDER that is no
     * envelope sender is a usage error, exit 2, as a value picocli cannot convert is, and said
     * before the store is looked for; it was exit 1, as a missing store is.
     */
    private void requirePair() {
        try {
            args = List.of(Blocklist.clientAddress(args.get(0)), Blocklist.envelopeSender(args.get(1)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
