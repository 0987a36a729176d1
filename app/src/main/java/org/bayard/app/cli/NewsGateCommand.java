package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.UserException;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.NntpConfig;
import org.bayard.app.news.NewsGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bayard news-gate}: one pass of the Usenet gateway, for cron (as Mailman's gate_news). */
@Command(name = "news-gate", mixinStandardHelpOptions = true,
        description = {"One pass of the Usenet gateway: newsgroups' new articles through the gate to their mailing lists.",
                "Hand the new articles of every newsgroup in the nntp: section to the gate (smtp.listen, or"
                + " nntp.submit-to), each as a message to the group's mailing list, once, and exit: for cron, where bayard serve"
                + " does not run the gateway itself (it does, every nntp.interval-seconds, when the section is there). The gate"
                + " refuses spam (it never reaches the list), holds the unsure middle and passes the rest on. How far each"
                + " group got is kept in DB/news/; a group's first pass starts after its newest article. One line per group;"
                + " exit 1 when a group could not be read or the gate did not answer (the next pass tries again).",
                "  bayard news-gate --config /etc/bayard/bayard.yaml"})
public final class NewsGateCommand implements Callable<Integer> {
    private final AppContext ctx;

    @Mixin CommonOptions common;

    @Option(names = {"-v", "--verbose"}, description = "Also print each article's JSON line (group, number, Message-ID, the gate's answer).")
    boolean verbose;

    public NewsGateCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        BayardConfig config = common.config(ctx);
        NntpConfig nntp = config.nntp().orElseThrow(() -> new UserException("news-gate: the configuration has no nntp: section"
                + " (the news server, and groups: each newsgroup and the list its articles go to); see config/bayard.yaml"));
        Path db = common.dbPath(ctx, config);
        // the marks are the store's folder's: at a mistyped --db, every group would start anew after its newest article
        if (!Files.isDirectory(db)) {
            throw new UserException("news-gate: " + db + " is not a directory: the gateway keeps how far each group got in"
                    + " its news/ folder; give --db (or db:) as bayard serve has it");
        }
        NewsGateway gateway = new NewsGateway(nntp, db, NewsGateway.submitAddress(nntp, config.smtp(), java.util.OptionalInt.empty()),
                config.smtp().hostname(), config.smtp().maxMessageBytes(),
                line -> {
                    if (verbose) ctx.out().println(line);
                }, org.bayard.app.news.NewsEvents.NONE, () -> false);
        NewsGateway.Result r = gateway.pass();
        if (!r.ran()) {
            ctx.out().println("news-gate: another pass is under way on " + db.resolve(NewsGateway.FOLDER)
                    + " (bayard serve's, or an earlier news-gate); nothing done");
            return 0;
        }
        r.summaries().forEach(ctx.out()::println);
        for (String t : r.troubles()) ctx.err().println("bayard news-gate: " + t);
        return r.troubles().isEmpty() ? 0 : 1;
    }
}
