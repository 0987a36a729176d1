package org.bayard.app.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.config.HostPort;
import org.bayard.app.desk.HistoryKeeper;
import org.bayard.app.gate.GateService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bayard serve}: the before-queue SMTP proxy, with the HTTP API, the spamd and the milter protocols and the Usenet gateway when configured. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the SMTP gate: a before-queue proxy (Postfix smtpd_proxy_filter, or in front of any MTA).",
                "Accepted mail is relayed to the next hop with X-Spam-* headers and gets 250 only after the next hop's 250; "
                        + "spam at or above the reject score gets 550 5.7.1; held mail is written durably to the quarantine "
                        + "before 250; a next hop that is down or unclear gives 451 4.3.0.",
                "One JSON decision line per message goes to stdout. Settings: the smtp: and policy: sections of the configuration;"
                        + " with an http: section it also serves the HTTP API and moderation page, with a spamd: section"
                        + " SpamAssassin's spamc/spamd protocol (spamc, Exim's spam condition), and with a milter: section the"
                        + " milter protocol (Postfix smtpd_milters); with an nntp: section it gates newsgroups to mailing lists"
                        + " through the gate (see bayard news-gate)."})
public final class ServeCommand implements Callable<Integer> {
    private final AppContext ctx;

    @Mixin CommonOptions common;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Listen here instead of smtp.listen (port 0: any free port).")
    String listen;

    @Option(names = "--next-hop", paramLabel = "HOST:PORT", description = "Relay here instead of smtp.next-hop.")
    String nextHop;

    @Option(names = "--quarantine", paramLabel = "DIR", description = "Quarantine spool instead of smtp.quarantine.")
    Path quarantine;

    /** Where the HTTP API listens: {@code --http} is already in the configuration (see {@link Overrides}). */
    private InetSocketAddress httpBind(BayardConfig config) {
        return HostPort.parse(config.http().orElseThrow().listen(), http != null ? "--http" : "http.listen");
    }

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve the HTTP API and moderation page here instead of http.listen "
            + "(needs the http: section with its users).")
    String http;

    @Option(names = "--hash-password", description = "Read a password from standard input, print its hash for http.users, and exit.")
    boolean hashPassword;

    public ServeCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        if (hashPassword) {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(ctx.in(), java.nio.charset.StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) throw new org.bayard.app.UserException("--hash-password: no password on standard input");
            ctx.out().println(org.bayard.http.Passwords.hash(line.toCharArray(), org.bayard.http.Passwords.DEFAULT_ITERATIONS));
            return 0;
        }
        // before anything is opened: whatever way the start ends, the hook then lets the JVM go
        ServeStop stop = ServeStop.install(ctx.err());
        try {
            return serve(stop);
        } finally {
            stop.over();
        }
    }

    private int serve(ServeStop stop) throws Exception {
        // the bytes read here are what the reload watcher compares the file with: an edit made while
        // the start goes on (which can take minutes) is then applied once serve listens
        ConfigLoader.Read startFile = common.read(ctx);
        BayardConfig config = Overrides.apply(startFile == null ? BayardConfig.DEFAULTS : startFile.config(), listen, nextHop, quarantine, http);
        stop.timeout(config.smtp().stopTimeout());
        RootWarning.forUid(RootWarning.processUid()).ifPresent(ctx.err()::println);
        // config check's warnings, said here too (before the listening line): a service's file is edited in place, rarely checked first
        if (common.file(ctx) != null) ServeReload.warn(ctx.err(), common.file(ctx), config);
        Path db = common.dbPath(ctx, config);
        InetSocketAddress bind = HostPort.parse(config.smtp().listen(), listen != null ? "--listen" : "smtp.listen");
        if (http != null && config.http().isEmpty()) {
            throw new org.bayard.app.UserException("--http needs an http: section with users and password hashes (there is no default password)");
        }
        // read before anything opens: a certificate file that will not do ends the start in one line naming its key
        java.util.Optional<org.bayard.net.tls.TlsServer.Identity> spamdTls = config.spamd().flatMap(org.bayard.app.spamd.SpamdDoor::certificate);
        // A missing or empty store is a store moved or restored elsewhere (or a mistyped --db), not a
        // fresh start: served new and empty, it scored every message unsure and held the site's mail.
        Engine.requireStore(config, db);
        // with the store in Redis, the directory keeps only this node's own files (blocklist, history)
        if (config.redis().isPresent()) java.nio.file.Files.createDirectories(db);
        Path quarantineDir = GateService.quarantineDir(config.smtp(), db);
        ServeFiles.problem(db, quarantineDir).ifPresent(why -> {
            throw new org.bayard.app.UserException(why);
        });
        // Every page read once, before the gate takes mail: LMDB meeting a damaged page crashed the
        // JVM at the first message it scored, and the supervisor restarted it into the same crash.
        org.bayard.app.StorePlace.of(config, db).guardAgainstCrashingDamage();
        // a store moved without the quarantine beside it starts a new one: said, so held mail left behind is missed
        boolean quarantineFound = java.nio.file.Files.isDirectory(quarantineDir);
        if (!stop.opening()) return 0; // stopped during the start (its line is said): the JVM exits 143 or 130
        org.bayard.http.Metrics metrics = new org.bayard.http.Metrics(ctx.clock());
        Path historyFile = config.http().map(h -> HistoryKeeper.fileFor(db, h)).orElse(null);
        org.bayard.app.desk.LateWrites late = new org.bayard.app.desk.LateWrites(ctx.err());
        // first opened, last closed: it saves what the gate counted up to its close
        try (HistoryKeeper history = config.http().isEmpty() ? null
                     : HistoryKeeper.start(metrics, historyFile, Duration.ofMinutes(1), ctx.err());
             Engine engine = Engine.open(config, db, ctx);
             GateService gate = GateService.start(engine, db, GateService.quarantineDir(config.smtp(), db), bind, ctx.clock(), ctx.out(),
                     new org.bayard.app.desk.GateMetrics(metrics));
             // closed after the HTTP side (no more of them) and before the gate and the store their writes need
             AutoCloseable lateWrites = stop::awaitLateWrites;
             org.bayard.http.HttpService web = config.http().isEmpty() ? null : org.bayard.app.desk.Desk.start(
                     org.bayard.app.desk.Desk.settings(config.http().get(), httpBind(config)).withDrainTimes(config.smtp().stopTimeout().http()),
                     engine, gate, metrics, ctx.clock(), ctx.out(), late);
             // declared after the HTTP side, so closed before it: no new requests once stopping, as for the gate
             org.bayard.spamd.SpamdService spamd = config.spamd().isEmpty() ? null : org.bayard.app.spamd.SpamdDoor.start(
                     config.spamd().get(), spamdTls, config.smtp().stopTimeout().atStop(), engine, gate, ctx.clock(), late, ctx.err());
             // the same: closed first, once the messages it is deciding have their answers
             org.bayard.milter.MilterServer milter = config.milter().isEmpty() ? null : org.bayard.app.milter.MilterDoor.start(
                     config.milter().get(), config.smtp(), config.smtp().stopTimeout().atStop(), gate, ctx.clock(), ctx.err());
             // the Usenet gateway hands articles to the gate: closed before it, after the article in hand
             org.bayard.app.news.NewsPoller news = org.bayard.app.news.NewsPoller.start(gate::config, db, gate::port, ctx.out()::println,
                     new org.bayard.app.desk.ServeNewsEvents(metrics, gate));
             ServeReload reload = common.file(ctx) == null ? null
                     : new ServeReload(common.file(ctx), startFile.bytes(), c -> Overrides.apply(c, listen, nextHop, quarantine, http), ServeReload.SETTLE,
                             config, gate, web, ctx.err())) {
            if (reload == null) ServeReload.answerHangupWithoutFile(ctx.err());
            if (spamd != null) metrics.doorGauges("spamd", spamd::openConnections, spamd::turnedAway);
            if (milter != null) metrics.doorGauges("milter", milter::openConnections, milter::turnedAway);
            if (web != null) ctx.err().println("bayard serve: HTTP API and moderation page on " + (web.https().isPresent() ? "https" : "http")
                    + "://" + httpBind(config).getHostString() + ":" + web.port() + "/"
                    + web.https().map(h -> " (certificate " + h.described() + ")").orElse("")
                    + (history != null ? ", dashboard history in " + historyFile : ""));
            if (spamd != null) ctx.err().println("bayard serve: spamd protocol (spamc, Exim's spam condition) on "
                    + spamd.bound().describe() + spamdTls.map(id -> " over TLS only (spamc -S), certificate " + id.describe()).orElse("")
                    + (config.spamd().get().allowTell() ? ", learning allowed (spamc -L)" : ", learning not allowed (spamd.allow-tell)"));
            if (milter != null) ctx.err().println("bayard serve: milter (Postfix smtpd_milters, Sendmail) on "
                    + milter.bound().describe());
            config.nntp().ifPresent(n -> ctx.err().println("bayard serve: Usenet gateway: " + n.groups().size() + " newsgroup(s) on "
                    + n.server() + " to their lists through " + n.submitTo().orElse("the gate") + ", every " + n.intervalSeconds() + " s"));
            stop.started(gate, web, late);
            // a release cut off after its message's end leaves its item in doubt, or held though delivered: its end is worth a longer wait
            if (web != null) web.drainLongerWhile(gate.quarantine().releases()::anyPastTheMessagesEnd);
            ctx.err().println("bayard serve: listening on " + bind.getHostString() + ":" + gate.port() + ", next hop "
                    + config.smtp().nextHop() + ", quarantine " + quarantineDir
                    + (quarantineFound ? " (" + gate.quarantine().ids().size() + " held)" : " (made now: there was none)")
                    + ", " + config.smtp().modeNote() + gate.startTlsNote().map(n -> ", " + n).orElse(""));
            gate.bayesShortfall().ifPresent(why -> ctx.err().println("bayard serve: Bayes not used yet: " + why
                    + " (policy.bayes-min-ham, policy.bayes-min-spam); until then the other checks decide alone, and Bayes' unsure"
                    + " verdict holds, tags or delays nothing. It counts from the first message after the store has learned enough, without a restart."));
            // the HTTP side, the gate, the store and the history close as this block ends, in that order
            stop.awaitRequest();
            // the gateway's article in hand gets the gate's answer before the gate stops taking mail
            news.close(config.smtp().stopTimeout().atStop());
            // at once, not after the HTTP side's drain (a release waiting for its next hop): no new mail once stopping
            gate.stopTakingMail();
        }
        stop.sayStopped();
        return 0;
    }
}
