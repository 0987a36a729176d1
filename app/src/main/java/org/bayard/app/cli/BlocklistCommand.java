package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.UserException;
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
        BayardConfig config = common.config(ctx);
        Path db = common.dbPath(ctx, config);
        Blocklist list = Blocklist.in(db, ctx.clock());
        switch (action.toLowerCase(Locale.ROOT)) {
            case "list" -> {
                for (Blocklist.Entry e : list.entries()) {
                    ctx.out().printf(Locale.ROOT, "%s  %s  until %s%n", e.client(), e.sender().isEmpty() ? "<>" : "<" + e.sender() + ">", e.expires());
                }
                return 0;
            }
            case "add" -> {
                requirePair();
                double h = hours != null ? hours : config.smtp().blocklistHours();
                if (!(h > 0) || Double.isInfinite(h)) throw new UserException("--hours must be a number > 0, got " + h);
                list.add(args.get(0), args.get(1), Duration.ofSeconds(Math.round(h * 3600)));
                ctx.out().println("blocked " + args.get(0) + " " + args.get(1) + " for " + h + " h");
                return 0;
            }
            case "remove" -> {
                requirePair();
                if (!list.remove(args.get(0), args.get(1))) {
                    ctx.err().println("bayard: no blocklist entry for " + args.get(0) + " " + args.get(1));
                    return 1;
                }
                ctx.out().println("removed " + args.get(0) + " " + args.get(1));
                return 0;
            }
            default -> throw new UserException("unknown blocklist action '" + action + "'; one of list, add, remove");
        }
    }

    private void requirePair() {
        if (args.size() != 2) throw new UserException("blocklist " + action + " needs CLIENT and SENDER");
        String ip = args.get(0);
        // only literals get here, so getByName never asks DNS; it gives the form the gate writes
        if (!ip.matches("[0-9A-Fa-f.:]+") || !(ip.contains(".") || ip.contains(":"))) throw new UserException("not an IP address: '" + ip + "'");
        try {
            args = List.of(java.net.InetAddress.getByName(ip).getHostAddress(), args.get(1));
        } catch (java.net.UnknownHostException e) {
            throw new UserException("not an IP address: '" + ip + "'");
        }
        String sender = args.get(1);
        if (sender.isEmpty() || sender.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw new UserException("not an envelope sender: '" + sender + "' (use <> for the null sender)");
        }
    }
}
