package org.bayard.app.gate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bayard.app.Engine;
import org.bayard.app.Version;
import org.bayard.core.mail.HeaderEditor;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.Policy;
import org.bayard.core.policy.SpamHeaders;
import java.net.InetAddress;
import org.bayard.core.policy.Action;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.RecipientDecision;
import org.bayard.smtp.FilterResult;
import org.bayard.smtp.MessageFilter;
import org.bayard.smtp.Reply;
import org.bayard.smtp.SpooledMessage;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy side of {@code bayard serve}: scores each message, runs the policy chain, and turns
 * the decision into what the SMTP session does. Reject: 550 5.7.1. Hold: into the quarantine,
 * durably, before the session may answer 250. Accept or tag: relay with our headers. A store
 * that cannot be read makes Bayes neutral (and says so in a header); it never refuses mail.
 * Around that: trap recipients are kept from the next hop and their mail learned; mail whose
 * every recipient is on the bypass list is relayed unfiltered; a rejection blocklists (client,
 * sender) at RCPT for a while; harvest mode saves a copy by disposition before acting; the unsure
 * delay tempfails an unsure message until it is retried; autolearn learns from clear cases.
 * Writes one JSON decision line per message, for people, and tells its {@link GateEvents} what it
 * did and learned, typed, for the counters: they never read the line.
 *
 * <p>The gate decides and acts; the parts it decides with are classes of their own: the site's
 * lists ({@link SiteJudge}), Bayes within its time budget ({@link TimedScoring}), the heap the scans
 * may take ({@link ScanMemory}), and the writes it makes beside its decisions, put off, journaled
 * and replayed ({@link GateWrites}).
 */
public final class Gate implements MessageFilter {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Decision lines in ASCII (a UTF-8 address with JSON escapes): stdout's encoding is the
     * service's locale, often plain ASCII under systemd, where such a char would print as '?'.
     */
    static final JsonMapper LOG_JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final Engine engine;
    private final Quarantine quarantine;
    private final Blocklist blocklist;
    private final DecisionLog log;
    private final GateEvents events;
    private final FreeSpace freeSpace;
    /** Traps, autolearn and blocklisting: the writes the gate makes on its own, put off and journaled. */
    private final GateWrites writes;
    private volatile GateRules rules;
    private final BayesReadiness readiness;
    /** What the traps, bypass list and blocklist make of an envelope, before scoring. */
    private final SiteJudge judge;
    /** Bayes scored within the scan budget, neutral past it. */
    private final TimedScoring scoring;
    /** What the scans under way may take of the heap at once. */
    private final ScanMemory scanMemory;

    /** {@code store} names the store the gate learns into, for its journal of put-off writes (see {@link PutOffJournal#storeOf}). */
    Gate(Engine engine, GateRules rules, Quarantine quarantine, Blocklist blocklist, PrintStream log, GateEvents events,
         FreeSpace freeSpace, String store) {
        this.freeSpace = freeSpace;
        this.engine = engine;
        this.rules = rules;
        this.quarantine = quarantine;
        this.blocklist = blocklist;
        this.log = new DecisionLog(log);
        this.events = events;
        this.writes = new GateWrites(engine, blocklist, events, () -> this.rules, quarantine, store, this.log);
        this.scoring = new TimedScoring(engine);
        this.judge = new SiteJudge(blocklist);
        this.scanMemory = new ScanMemory(engine.config().limits().maxScanBytes());
        this.readiness = new BayesReadiness(engine::learned, line -> this.log.println(LOG_JSON.writeValueAsString(line)));
    }

    /** Judges from now on by these rules; messages already being judged finish under the old ones. */
    void rules(GateRules next) {
        GateRules old = rules;
        if (old.unsureDelay().isPresent() && next.unsureDelay().isPresent()
                && old.config().smtp().unsureDelaySeconds() == next.config().smtp().unsureDelaySeconds()) {
            next = new GateRules(next.config(), next.policy(), next.autolearn(), next.bypass(), next.spamTraps(), next.hamTraps(),
                    next.blocklistTime(), next.harvest(), old.unsureDelay()); // keep who has been seen
        }
        rules = next;
    }

    Blocklist blocklist() {
        return blocklist;
    }

    /**
     * A ledger aging that writes as the sessions' learning does, through their put-off writes
     * for the store, and logs where the decisions go, recording its prunes in {@code quarantineDir},
     * trusting the clock once {@code machineUp} (see {@link MachineUptime}) is an hour; not started.
     */
    LedgerAging ledgerAging(java.time.Clock clock, java.nio.file.Path quarantineDir, java.util.function.LongSupplier machineUp) {
        return new LedgerAging(engine.store(), clock, () -> rules.config().store().ledgerMaxAgeDays(),
                () -> TimeUnit.MILLISECONDS.toNanos(rules.config().smtp().scanTimeoutMillis()), writes.storeWrites(), log,
                LastLedgerPrune.in(quarantineDir), machineUp);
    }

    /** The sessions are done: says what writes are still put off (see {@link PutOffWrites#sayWhatIsLeft}) and lets go of its journal folder. */
    void stopped() {
        writes.stopped();
    }

    /** Makes, in the background, the writes that gates which died had put off (see {@link GateWrites#replayLeftBehind}). */
    void replayLeftBehind() {
        writes.replayLeftBehind();
    }

    GateRules rules() {
        return rules;
    }

    @Override
    public RecipientDecision recipient(InetAddress client, String reversePath, String recipient, boolean afterQueue) {
        return judge.recipient(rules, client.getHostAddress(), reversePath, recipient, afterQueue);
    }

    static final Reply LOW_DISK = Reply.of(452, "4.3.1 Insufficient system storage");

    /**
     * MAIL's step: 452 while the quarantine's or the store's filesystem has less free space than
     * smtp.min-free-mb. Taking the message and then failing to spool or hold it costs the sender
     * the whole upload and still ends in a 4xx; a full store fails its learns silently.
     */
    @Override
    public Optional<Reply> mail(InetAddress client, String reversePath) {
        Optional<FreeSpace.Folder> low = lowOnSpace();
        if (low.isEmpty()) return Optional.empty();
        mailRefused(client, reversePath, LOW_DISK, "less than smtp.min-free-mb (" + rules.config().smtp().minFreeMb() + " MiB) free at "
                + low.get().dir());
        return Optional.of(LOW_DISK);
    }

    /** Why MAIL is answered 452 now (see {@link #mail}), naming the folder by what it is, not its path; empty while it is not. */
    Optional<String> refusingForSpace() {
        return lowOnSpace().map(f -> "less than smtp.min-free-mb (" + rules.config().smtp().minFreeMb() + " MiB) free for "
                + f.role() + ": mail is refused with 452 4.3.1");
    }

    private Optional<FreeSpace.Folder> lowOnSpace() {
        int minFreeMb = rules.config().smtp().minFreeMb();
        return minFreeMb == 0 ? Optional.empty() : freeSpace.below((long) minFreeMb << 20);
    }

    /** The writes put off now, waiting for a lock (see {@link GateWrites#waiting}): one line per lock with any. */
    java.util.List<String> writesWaiting() {
        return writes.waiting();
    }

    /**
     * MAIL's step for a declared size: 452 when it would not fit in the quarantine's free space
     * (where the message is spooled while read, and held) above smtp.min-free-mb, as Postfix
     * answers when a declared size would not fit its queue. Otherwise the message was read until
     * the disk filled and got its 452 only after all its bytes had crossed the network.
     */
    @Override
    public Optional<Reply> declaredSize(InetAddress client, String reversePath, long declaredSize) {
        int minFreeMb = rules.config().smtp().minFreeMb();
        Path spool = quarantine.spool().dir();
        OptionalLong free = freeSpace.usable(spool);
        if (free.isEmpty() || declaredSize <= free.getAsLong() - ((long) minFreeMb << 20)) return Optional.empty();
        mailRefused(client, reversePath, LOW_DISK, "declared SIZE=" + declaredSize + " would not fit: "
                + (free.getAsLong() >> 20) + " MiB free at " + spool
                + (minFreeMb > 0 ? ", of which smtp.min-free-mb (" + minFreeMb + " MiB) is kept free" : ""));
        return Optional.of(LOW_DISK);
    }

    /** One line for a next hop spoken to in plaintext because opportunistic TLS with it failed: the mail went, not as wished. */
    @Override
    public void nextHopInPlaintext(String nextHop, String why) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "next-hop-plaintext");
        line.put("next_hop", nextHop);
        line.put("reason", why + "; sent in plaintext (smtp.next-hop-tls: may)");
        log.println(LOG_JSON.writeValueAsString(line));
    }

    /** One decision line for a MAIL refused before any message, so the postmaster sees why mail stopped. */
    @Override
    public void mailRefused(InetAddress client, String reversePath, Reply reply, String reason) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "mail-refused");
        line.put("client", client.getHostAddress());
        line.put("from", reversePath);
        line.put("reason", reason);
        line.put("reply", reply.toString());
        log.println(LOG_JSON.writeValueAsString(line));
    }

    /** What the session is told, and what the counters are: the action taken and whether Bayes' unsure verdict chose it. */
    private record Handled(FilterResult result, GateAction action, boolean unsure) {}

    @Override
    public FilterResult filter(Envelope env, SpooledMessage message) throws IOException {
        long t0 = System.nanoTime();
        GateRules r = rules;
        SiteDecision.Trap trap = r.traps(env.localRecipients());
        long cost = scanMemory.forFilter(message.size(), trap == SiteDecision.Trap.SPAM || trap == SiteDecision.Trap.HAM);
        scanMemory.take(cost, rules.config().smtp().scanTimeoutMillis());
        try {
            Handled h = handle(r, env, message);
            events.message(h.action(), h.unsure(), System.nanoTime() - t0);
            return h.result();
        } finally {
            scanMemory.give(cost);
        }
    }

    /**
     * After the queue, a message larger than smtp.max-message-bytes: relayed as it came but for
     * our fields, forged copies removed and {@link SpamHeaders#unscanned} added, as for mail the
     * gate scanned. Only its start is read (the header block, within {@link HeadRewrite#MAX_SEARCH});
     * the rest streams from the spool to the next hop. A trap among its recipients learns it as
     * any trap does, from the spool one attached message at a time: a large report is what
     * people forward to a trap.
     */
    @Override
    public FilterResult unscanned(Envelope env, SpooledMessage message, long scanLimit) throws IOException {
        long t0 = System.nanoTime();
        GateRules r = rules;
        SiteDecision.Trap trap = r.traps(env.localRecipients());
        boolean learned = trap == SiteDecision.Trap.SPAM || trap == SiteDecision.Trap.HAM;
        long cost = scanMemory.forUnscanned(learned);
        scanMemory.take(cost, rules.config().smtp().scanTimeoutMillis());
        try {
            long wait = TimeUnit.MILLISECONDS.toNanos(r.config().smtp().scanTimeoutMillis());
            String trapNote = writes.learnTraps(trap, message, env.queueId(), System.nanoTime() + wait, wait);
            String note = (trapNote.isEmpty() ? "" : trapNote + "; ") + "not scanned: " + message.size()
                    + " bytes, larger than smtp.max-message-bytes (" + scanLimit + ")";
            if (env.relayedRecipients().isEmpty()) {
                events.message(GateAction.TRAP, false, System.nanoTime() - t0);
                return new FilterResult.Consumed(note);
            }
            byte[] head = message.head(HeadRewrite.MAX_SEARCH);
            HeadRewrite.Rewritten rewritten = GateThreads.COMPUTE.compute(() -> HeadRewrite.rewrite(head, head.length >= message.size(),
                    List.of(SpamHeaders.unscanned(message.size(), scanLimit))));
            events.message(GateAction.UNSCANNED, false, System.nanoTime() - t0);
            return new FilterResult.Relay(rewritten.head(), rewritten.replacedBytes(), note);
        } finally {
            scanMemory.give(cost);
        }
    }

    private Handled handle(GateRules r, Envelope env, SpooledMessage message) throws IOException {
        // the scan gets this wait from its start, and the writes after it (autolearn, the blocklist) wait until
        // the same wait from the end of DATA has passed, so the two share it (see PutOffWrites); a trap's
        // tokenizing must begin within it, and its store write has a wait of its own (see GateWrites#learnTraps)
        long wait = TimeUnit.MILLISECONDS.toNanos(r.config().smtp().scanTimeoutMillis());
        long endOfDataDeadline = System.nanoTime() + wait;
        byte[] scan = message.head((int) Math.min(Integer.MAX_VALUE - 16, engine.config().limits().maxScanBytes()));
        SiteDecision site = judge.atEndOfData(r, env);
        String trapNote = writes.learnTraps(site.trap(), message, env.queueId(), endOfDataDeadline, wait);
        // a message a trap learned is judged for its other recipients as though its DATA had ended with the
        // learning: counted from the end of DATA, a report tokenized for seconds left their writes no wait, and
        // they were put off and journaled with no other process holding the lock
        long writesDeadline = site.trap() == SiteDecision.Trap.NONE ? endOfDataDeadline : System.nanoTime() + wait;
        String prefix = trapNote.isEmpty() ? "" : trapNote + "; ";
        boolean harvest = r.harvest().active();
        switch (site.route()) {
            case TRAPS_ONLY -> { return new Handled(new FilterResult.Consumed(trapNote), GateAction.TRAP, false); }
            case BYPASS -> {
                return new Handled(new FilterResult.Relay(new byte[0], 0, prefix + "bypass (unfiltered)"), GateAction.BYPASS, false);
            }
            case BLOCKLISTED -> {
                if (harvest) harvest(r, Harvest.BLOCKLISTED, env, message);
                return new Handled(new FilterResult.Refuse(SiteJudge.BLOCKED, prefix + "blocklisted"), GateAction.BLOCKLISTED, false);
            }
            case FILTER -> { }
        }

        Decision d = scoring.decide(r.policy(), scan, Duration.ofMillis(r.config().smtp().scanTimeoutMillis()));
        readiness.after(d);
        boolean unsure = d.action() == Action.HOLD && d.byBayesUnsure();
        // after the queue a 451 only makes Postfix retry from its queue (config check refuses the delay there)
        // the delay's digest of the message is computed as the checks are: see GateThreads.COMPUTE
        if (unsure && r.unsureDelay().isPresent() && !env.afterQueue() && !GateThreads.COMPUTE.call(
                () -> r.unsureDelay().get().retriedInTime(env.client(), env.reversePath(), env.recipients(), scan))) {
            return new Handled(new FilterResult.Refuse(Reply.of(451, "4.7.1 unsure; try again later"),
                    prefix + "unsure, delayed " + describe(d)), GateAction.UNSURE_DELAYED, true);
        }
        String autolearn = writes.autolearn(r, d, scan, env.queueId(), writesDeadline);
        String note = prefix + describe(d) + (autolearn.equals("no") ? "" : " autolearn=" + autolearn);
        if (harvest) harvest(r, Harvest.disposition(d, unsure, heldInsteadOfRejected(r, env)), env, message);
        // the session's mode, not a reload's since: see Envelope#afterQueue
        if (d.action() == Action.REJECT && env.afterQueue()) return spamAfterQueue(r, env, message, d, autolearn, note);
        FilterResult result = switch (d.action()) {
            case REJECT -> {
                // Never the null sender on its own: every bounce and DSN a server sends has it, so
                // one spam bounce would refuse all that server's notices for the block's length.
                // A postmaster can still list <> by hand (bayard blocklist add CLIENT "<>").
                if (r.blocklistTime().isPositive() && !env.reversePath().isEmpty()) {
                    note += writes.block(env.client().getHostAddress(), env.reversePath(), r.blocklistTime(), env.queueId(),
                            writesDeadline);
                }
                yield new FilterResult.Refuse(Reply.of(550, String.format(Locale.ROOT,
                        "5.7.1 message refused as spam (score %.1f)", d.score())), note);
            }
            case HOLD -> {
                // the fields a release will deliver it with, as judged now: later rules must not rewrite them
                quarantine.hold(env, message, d,
                        SpamHeaders.released(d, r.policy().params().tagScore(), autolearn, 0, Version.NUMBER));
                yield new FilterResult.Held(note);
            }
            case ACCEPT, TAG -> relay(r, message, d, scan, autolearn, note);
        };
        // unsure for the counters whatever the unsure-action made of it (tag as well as hold)
        return new Handled(result, GateAction.of(d.action()), d.byBayesUnsure());
    }

    /**
     * Mail the policy would reject, after the queue: a 550 there would make Postfix bounce it to
     * its sender, forged for nearly all spam (backscatter). So it is held, as a moderator can
     * still release a false positive, or discarded when smtp.after-queue-spam says so; both get
     * 250, and the sender is not blocklisted (the client is Postfix).
     */
    private Handled spamAfterQueue(GateRules r, Envelope env, SpooledMessage message, Decision d, String autolearn, String note)
            throws IOException {
        if (r.config().smtp().afterQueueSpam().equals(org.bayard.app.config.GateConfig.SPAM_DISCARD)) {
            return new Handled(new FilterResult.Consumed(note + "; discarded instead of rejected (smtp.mode after-queue)"),
                    GateAction.DISCARD, d.byBayesUnsure());
        }
        quarantine.holdInsteadOfRejecting(env, message, d,
                SpamHeaders.released(d, r.policy().params().tagScore(), autolearn, 0, Version.NUMBER));
        return new Handled(new FilterResult.Held(note + "; " + HeldInsteadOfRejected.NOTE), GateAction.HOLD,
                d.byBayesUnsure());
    }

    /** Whether mail the policy rejects is held instead (after the queue, smtp.after-queue-spam: hold). */
    private static boolean heldInsteadOfRejected(GateRules r, Envelope env) {
        return env.afterQueue() && !r.config().smtp().afterQueueSpam().equals(org.bayard.app.config.GateConfig.SPAM_DISCARD);
    }

    /** A harvest copy; failing to save one never changes what happens to the mail. */
    private void harvest(GateRules r, String disposition, Envelope env, SpooledMessage message) {
        try {
            r.harvest().save(disposition, env.queueId(), message);
        } catch (IOException | RuntimeException e) {
            log.println(LOG_JSON.writeValueAsString(Map.of("event", "harvest-failed", "queue_id", env.queueId(),
                    "error", String.valueOf(e.getMessage()))));
        }
    }

    private FilterResult relay(GateRules r, SpooledMessage message, Decision d, byte[] scan, String autolearn, String note)
            throws IOException {
        List<HeaderEditor.Field> fields = SpamHeaders.of(d, r.policy().params().tagScore(), autolearn, 0, Version.NUMBER);
        byte[] head = scan.length == message.size() ? scan : message.head(HeadRewrite.MAX_SEARCH);
        HeadRewrite.Rewritten rewritten = GateThreads.COMPUTE.compute(() -> HeadRewrite.rewrite(head, head.length >= message.size(), fields));
        return new FilterResult.Relay(rewritten.head(), rewritten.replacedBytes(), note);
    }

    static String describe(Decision d) {
        return d.action().label() + " " + String.format(Locale.ROOT, "%.1f", d.score()) + " " + d.symbolNames() + " (" + d.reason()
                + d.bayesNotUsed().map(why -> "; Bayes not used: " + why).orElse("") + ")";
    }

    @Override
    public void finished(Envelope env, FilterResult result, Reply reply, boolean clientLost, long nanos) {
        Map<String, Object> line = lineOf("message", env);
        String note = switch (result) {
            case FilterResult.Relay r -> r.note();
            case FilterResult.Held h -> h.where();
            case FilterResult.Consumed c -> c.note();
            case FilterResult.Refuse r -> r.note();
        };
        line.put("decision", note);
        line.put("reply", reply.toString());
        if (clientLost) line.put("client_lost", true);
        line.put("ms", Math.round(nanos / 1e5) / 10.0);
        log.println(LOG_JSON.writeValueAsString(line));
    }

    /** One line for a message cut off before its end: nothing delivered or held, and no decision line. */
    @Override
    public void messageCut(Envelope env, long bytes, String how) {
        Map<String, Object> line = lineOf("message-cut", env);
        line.put("bytes", bytes);
        line.put("reason", how + "; nothing was delivered or held");
        log.println(LOG_JSON.writeValueAsString(line));
    }

    /** The start of a log line about a message: the event and who sent it, how, to whom. */
    private static Map<String, Object> lineOf(String event, Envelope env) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        line.put("queue_id", env.queueId());
        line.put("client", env.client().getHostAddress());
        line.put("helo", env.helo());
        env.tls().ifPresent(tls -> line.put("tls", tls));
        line.put("from", env.reversePath());
        line.put("rcpt", env.recipients());
        return line;
    }

    /** What the gate's lists make of such a message, judged now, without a session (see {@link SiteJudge#judge}). */
    SiteDecision judge(Optional<String> client, Optional<String> sender, List<String> recipients) {
        return judge.judge(rules, client, sender, recipients);
    }

    /** {@code policy}'s decision on {@code scan}, with Bayes scored within the scan budget as configured now (see {@link TimedScoring}). */
    Decision decideInTime(Policy policy, byte[] scan) {
        return scoring.decide(policy, scan, Duration.ofMillis(rules.config().smtp().scanTimeoutMillis()));
    }

    /**
     * Why Bayes does not count now, by the policy as configured now and what the store has learned;
     * empty when it counts. The gate's later decisions log a change from this answer.
     */
    Optional<String> bayesShortfall() {
        return readiness.now(rules.policy().params().bayesMinLearned());
    }
}
