package org.bayard.app.gate;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.bayard.app.Engine;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.GateConfig;
import org.bayard.app.config.HostPort;
import org.bayard.net.tls.TlsServer;
import org.bayard.smtp.RelayPolicy;
import org.bayard.smtp.SmtpServer;
import org.bayard.smtp.SmtpSettings;

/** {@code bayard serve} as an object: the engine, the quarantine and the SMTP server, started and closed together. */
public final class GateService implements AutoCloseable {
    /** STARTTLS's certificate as the start or the last reload read it; empty when the gate offers no STARTTLS. */
    private volatile Optional<TlsServer.Identity> startTls = Optional.empty();
    /** Fed by serve's Usenet gateway, which hands its articles to this gate: kept here for /health with the gate's own troubles. */
    private volatile java.util.List<String> newsTroubles = java.util.List.of();
    private final SmtpServer server;
    private final Quarantine quarantine;
    private final Gate gate;
    private final Path db;
    private final Clock clock;
    /** This gate's place among those writing the quarantine, left at {@link #close}. */
    private final QuarantineGates gates;
    /** The configuration the service started with: what only a restart changes keeps its values. */
    private final BayardConfig started;
    /** store.ledger-max-age-days: the ledger pruned daily. */
    private final LedgerAging ledgerAging;

    private GateService(SmtpServer server, Quarantine quarantine, Gate gate, Path db, Clock clock, QuarantineGates gates,
                        LongSupplier machineUp) {
        this.server = server;
        this.ledgerAging = gate.ledgerAging(clock, quarantine.spool().dir(), machineUp).start();
        this.gates = gates;
        this.quarantine = quarantine;
        this.gate = gate;
        this.db = db;
        this.clock = clock;
        this.started = gate.rules().config();
    }

    public static Path quarantineDir(GateConfig g, Path db) {
        return g.quarantine().map(Path::of).orElseGet(() -> db.toAbsolutePath().resolveSibling(db.getFileName() + "-quarantine"));
    }

    /** Where the gates of {@code quarantineDir} journal the writes they put off (see the README's "SMTP gate"). */
    public static Path putOffJournal(Path quarantineDir) {
        return quarantineDir.resolve(PutOffJournal.DIR);
    }

    /** The gate's settings, with STARTTLS when {@code tls} is there, and TLS to the next hop as configured. */
    private static SmtpSettings settings(GateConfig g, Path spillDir, Optional<TlsServer.Identity> tls) {
        SmtpSettings plain = new SmtpSettings(g.hostname(), HostPort.parse(g.nextHop(), "smtp.next-hop"), g.maxLineLength(),
                g.maxMessageBytes(), g.maxRecipients(), g.maxConnections(), g.maxConnectionsPerClient(),
                Duration.ofSeconds(g.commandTimeoutSeconds()), Duration.ofSeconds(g.nextHopTimeoutSeconds()), g.memoryPerMessage(),
                spillDir, new RelayPolicy(g.relayNetworks(), g.relayDomains()), g.afterQueue());
        SmtpSettings s = tls.map(id -> plain.withStartTls(new SmtpSettings.StartTls(id.context(), g.tls().clientsMustUseTls()))).orElse(plain);
        return GateTlsFiles.nextHop(g).map(s::withNextHopTls).orElse(s);
    }

    /**
     * Starts listening on {@code listen} (port 0: a free one) with the engine's configuration. The
     * sender blocklist lives in the store directory {@code db}; the clock decides its expiry and
     * the unsure delay.
     */
    public static GateService start(Engine engine, Path db, Path quarantineDir, InetSocketAddress listen, Clock clock,
                                    PrintStream log) throws IOException {
        return start(engine, db, quarantineDir, listen, clock, log, GateEvents.NONE);
    }

    /** As above, telling {@code events} what the gate decides and learns (e.g. to count it for /metrics). */
    public static GateService start(Engine engine, Path db, Path quarantineDir, InetSocketAddress listen, Clock clock,
                                    PrintStream log, GateEvents events) throws IOException {
        return start(engine, db, quarantineDir, listen, clock, log, events, new MachineUptime());
    }

    /**
     * As above, with the machine's time up (nanoseconds) read from {@code machineUp}: the ledger
     * aging trusts the clock only once it is an hour (a test's machine just booted, or up for days).
     */
    public static GateService start(Engine engine, Path db, Path quarantineDir, InetSocketAddress listen, Clock clock,
                                    PrintStream log, GateEvents events, LongSupplier machineUp) throws IOException {
        QuarantineGates.Joined joined = QuarantineGates.join(quarantineDir);
        Gate gate = null;
        try {
            Quarantine q = joined.quarantine();
            Optional<TlsServer.Identity> tls = GateTlsFiles.startTls(engine.config().smtp());
            SmtpSettings s = settings(engine.config().smtp(), quarantineDir.resolve("tmp"), tls);
            gate = new Gate(engine, GateRules.of(engine.config(), db, clock), q, Blocklist.in(db, clock), log, events,
                    new FreeSpace(quarantineDir, db), PutOffJournal.storeOf(db));
            try {
                gate.bayesShortfall(); // what the first decisions are compared with, to log a change once
            } catch (RuntimeException e) {
                // a store that cannot be read now: its messages get Bayes neutral, and the first one it scores sets the state
            }
            SmtpServer server = SmtpServer.start(s, gate, clock, listen);
            server.drainAtStop(engine.config().smtp().stopTimeout().smtpDrain());
            gate.replayLeftBehind(); // what a gate that died had put off; made in the background
            ReleaseHop.record(quarantineDir, server.loopMark(), joined.alone());
            GateService service = new GateService(server, q, gate, db, clock, joined.gates(), machineUp);
            service.startTls = tls;
            return service;
        } catch (IOException | RuntimeException | Error e) {
            if (gate != null) gate.stopped(); // lets go of its journal
            joined.gates().close();
            throw e;
        }
    }

    /** As above, with the blocklist kept in the quarantine directory (for callers that have no store path). */
    public static GateService start(Engine engine, Path quarantineDir, InetSocketAddress listen, Clock clock, PrintStream log)
            throws IOException {
        return start(engine, quarantineDir, quarantineDir, listen, clock, log);
    }

    /**
     * Applies a new configuration to what follows: policy, autolearn, traps, bypass file, harvest,
     * unsure delay, blocklist time, next hop and SMTP limits. Returns the settings that only a
     * restart changes (listen address, store, classifier, limits, quarantine, stop timeout, the http section) when they differ from what the service started with;
     * those keep their old values. Throws (and changes nothing) when the new settings are invalid.
     */
    public java.util.List<String> reload(BayardConfig next) {
        BayardConfig old = started; // not the last reload's: one that named a setting must not hide it the next time
        Optional<TlsServer.Identity> tls = GateTlsFiles.startTls(next.smtp());
        SmtpSettings s = settings(next.smtp(), quarantine.spool().dir().resolve("tmp"), tls);
        // limits need a restart (Bayes keeps the engine's): the policy's checks keep them too
        GateRules rules = GateRules.of(new BayardConfig(next.db(), next.classifier(), started.limits(), next.autolearn(),
                next.policy(), next.smtp(), next.http(), next.store(), next.spamd(), next.milter(), started.redis(), next.nntp()), db, clock);
        boolean agingChanged = !next.store().equals(gate.rules().config().store());
        java.util.List<String> ignored = new java.util.ArrayList<>();
        if (!old.smtp().listen().equals(next.smtp().listen())) ignored.add("smtp.listen");
        if (!old.smtp().quarantine().equals(next.smtp().quarantine())) ignored.add("smtp.quarantine");
        // each side of the stop took its share at the start: a stop would otherwise mix two timeouts' shares
        if (old.smtp().stopTimeoutSeconds() != next.smtp().stopTimeoutSeconds()) ignored.add("smtp.stop-timeout-seconds");
        if (!old.db().equals(next.db())) ignored.add("db");
        if (!old.classifier().equals(next.classifier())) ignored.add("classifier");
        if (!old.limits().equals(next.limits())) ignored.add("limits");
        server.settings(s);
        startTls = tls;
        gate.rules(rules);
        if (agingChanged) ledgerAging.checkSoon();
        return ignored;
    }

    /**
     * What STARTTLS presents now (read at the start or the last reload), for serve's lines: {@code
     * STARTTLS with CN=mail.example.org, valid until ...} ({@code STARTTLS required before MAIL, with
     * ...} at smtp.tls-security-level encrypt), with a warning once it has expired; empty when the
     * gate offers no STARTTLS.
     */
    public Optional<String> startTlsNote() {
        boolean required = server.settings().startTlsRequired();
        return startTls.map(id -> "STARTTLS " + (required ? "required before MAIL, " : "") + "with " + id.describe() + (id.expiredAt(clock.instant())
                ? " (EXPIRED: clients that check it refuse TLS with this gate; renew it, then reload)" : ""));
    }

    /**
     * TLS to the next hop as the gate speaks it now (the start's files, or the last reload's), for
     * releases from the quarantine to go as the gate relays, without reading the CA file again.
     */
    public Optional<org.bayard.smtp.NextHop.Tls> nextHopTls() {
        return server.settings().nextHopTls();
    }

    /** When the certificate STARTTLS presents now expires; empty when the gate offers no STARTTLS. */
    public Optional<java.time.Instant> startTlsExpires() {
        return startTls.map(TlsServer.Identity::expires);
    }

    /** The configuration the gate judges by now (the last reload's, or the start's). */
    public BayardConfig config() {
        return gate.rules().config();
    }

    public int port() {
        return server.port();
    }

    /**
     * Why Bayes does not count in the gate's decisions now: the store has learned fewer ham or spam
     * than policy.bayes-min-ham and policy.bayes-min-spam ask (as {@code 5 ham and 3 spam learned,
     * 200 of each needed}); empty when it counts.
     */
    public java.util.Optional<String> bayesShortfall() {
        return gate.bayesShortfall();
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    /** Why the gate answers MAIL with 452 now (too little free space), the folder named by what it is; empty while it takes mail. */
    public java.util.Optional<String> refusingForSpace() {
        return gate.refusingForSpace();
    }

    /** Why the gate's next hop could not be had when last probed (see {@link SmtpServer#nextHopUnreachable}); empty while it could. */
    public java.util.Optional<String> nextHopUnreachable() {
        return server.nextHopUnreachable();
    }

    /** What stopped the Usenet gateway's last pass, a line per group; empty when nothing did (or there is no gateway). */
    public java.util.List<String> newsTroubles() {
        return newsTroubles;
    }

    /** Says what stopped the Usenet gateway's last pass (see {@link org.bayard.app.news.NewsEvents#passEnded}). */
    public void newsTroubles(java.util.List<String> troubles) {
        newsTroubles = java.util.List.copyOf(troubles);
    }

    /** The gate's writes put off now, waiting for a lock another process may hold: a line per lock with any. */
    public java.util.List<String> writesWaiting() {
        return gate.writesWaiting();
    }

    /**
     * Stops taking mail at once (see {@link SmtpServer#stopTaking}); {@link #close} then waits for
     * the messages in hand. Serve calls it when its stop begins, before the HTTP side's drain.
     */
    public void stopTakingMail() {
        server.stopTaking();
    }

    /** How long a stop waits for the SMTP sessions inside a transaction (see {@link SmtpServer#drainAtStop()}). */
    public Duration drainAtStop() {
        return server.drainAtStop();
    }

    /** SMTP sessions inside a transaction now: what a stop waits for (see {@link SmtpServer#close}). */
    public int messagesInHand() {
        return server.messagesInHand();
    }

    /** After {@link #close}: the SMTP sessions the stop's drain ran out on, cut off with their message in hand. */
    public int sessionsCutAtStop() {
        return server.cutAtStop();
    }

    /**
     * The gate's judgement of the envelope and the message, for another front door that reads
     * mail as the gate's sessions do (the milter): the same decisions, holds, traps and log lines.
     */
    public org.bayard.smtp.MessageFilter filter() {
        return gate;
    }

    /** Where a message too large for memory is spilled while it is read: the quarantine's tmp folder, as for the gate's sessions. */
    public Path spillDir() {
        return quarantine.spool().dir().resolve("tmp");
    }

    /** The sender blocklist the gate consults at RCPT. */
    public Blocklist blocklist() {
        return gate.blocklist();
    }

    /**
     * What the gate's traps, bypass list and blocklist, as configured now, make of this envelope;
     * nothing is learned or changed. {@code client} as {@link Blocklist#clientAddress} gives it,
     * {@code sender} empty for the null sender; see {@link SiteJudge#judge}.
     */
    public SiteDecision judge(java.util.Optional<String> client, java.util.Optional<String> sender, java.util.List<String> recipients) {
        return gate.judge(client, sender, recipients);
    }

    /** The policy the gate decides by now (a reload replaces it). */
    public org.bayard.core.policy.Policy policy() {
        return gate.rules().policy();
    }

    /**
     * {@code policy}'s decision on {@code scan}, as the gate would take it: Bayes neutral when the
     * store failed or the scan ran past smtp.scan-timeout-ms as configured now (the API's checks
     * are bounded as the gate's are), and not counted while the store has learned too little.
     */
    public org.bayard.core.policy.Decision decideInTime(org.bayard.core.policy.Policy policy, byte[] scan) {
        return gate.decideInTime(policy, scan);
    }

    /** The {@code smtp:} section as configured now (a reload replaces it): where a release goes, and as whom. */
    public GateConfig smtp() {
        return gate.rules().config().smtp();
    }

    /** How long the gate blocks a sender after a rejection, as configured now (zero: it does not). */
    public Duration blocklistTime() {
        return gate.rules().blocklistTime();
    }

    @Override
    public void close() throws IOException {
        try {
            ledgerAging.close();
            server.close();
            gate.stopped();
        } finally {
            gates.close(); // after the sessions: their messages in tmp/ are done
        }
    }
}
