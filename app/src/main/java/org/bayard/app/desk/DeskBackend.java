package org.bayard.app.desk;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.james.mime4j.dom.Message;
import org.bayard.app.Engine;
import org.bayard.app.gate.Blocklist;
import org.bayard.core.quarantine.Spool;
import org.bayard.app.gate.GateService;
import org.bayard.app.gate.LearnedBeforeRelease;
import org.bayard.app.gate.Quarantine;
import org.bayard.app.gate.ReleaseHop;
import org.bayard.app.gate.ReleasedBy;
import org.bayard.app.gate.SiteDecision;
import org.bayard.core.classify.Score;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.Policy;
import org.bayard.core.policy.Symbol;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.PreparedMessage;
import org.bayard.core.store.StoreStats;
import org.bayard.core.train.LearnOutcome;
import org.bayard.http.Backend;
import org.bayard.smtp.MessageMemory;
import org.bayard.smtp.NextHop;

/**
 * The HTTP service's view of the engine and the quarantine. Held items are opened only through
 * {@link HeldFiles}: after the id was found in the spool's own listing, as a regular file (no
 * symbolic links) directly in the spool directory.
 */
public final class DeskBackend implements Backend {
    /** Heap a view takes for each byte of its message, about: the message, its parsed tree, the decoded text. */
    private static final long VIEW_COST = 4;
    private static final long VIEW_WAIT_MILLIS = 10_000;
    /**
     * What the views being built, and the decisions that learn their message, may take of the
     * heap at once: each reads its message whole and parses or tokenizes it, and 16 views of a
     * 10 MB message at once ran a 128 MB heap out and ended the gate, as did 16 learn-spam.
     */
    private final MessageMemory viewing = MessageMemory.forHeap(Runtime.getRuntime().maxMemory());
    /**
     * The largest message a view reads and parses whole, what one view may take of {@link #viewing};
     * of a larger one it shows the header. A view alone is let past the budget, and one of a held
     * message larger than the heap ran it out and ended the gate.
     */
    private static final int VIEWED_WHOLE = (int) Math.min(Integer.MAX_VALUE - 16,
            Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 8 / VIEW_COST));

    private final Engine engine;
    private final GateService gate;
    private final Quarantine quarantine;
    private final Map<String, String> subjects = new ConcurrentHashMap<>();
    /** The held items' files, opened only as the spool lists them. */
    private final HeldFiles files;
    /** The service's clock: when a moderator released a message, as the rest of the desk tells time. */
    private final java.time.Clock clock;
    /** The writes of requests answered 503 as they outlasted their budget, which serve's stop waits for. */
    private final LateWrites late;

    public DeskBackend(Engine engine, GateService gate, java.time.Clock clock) {
        this(engine, gate, clock, new LateWrites(System.err));
    }

    /** As {@link #DeskBackend(Engine, GateService, java.time.Clock)}, its writes past their budget kept in {@code late}. */
    public DeskBackend(Engine engine, GateService gate, java.time.Clock clock, LateWrites late) {
        this.late = late;
        this.engine = engine;
        this.gate = gate;
        this.quarantine = gate.quarantine();
        this.files = new HeldFiles(quarantine);
        this.clock = clock;
    }

    /** Why a check has no Bayes score, when the store could not give one (the policy's BAYES_UNAVAILABLE). */
    static final String NO_BAYES_SCORE = "store unavailable or scan over its time budget";

    /**
     * The gate's judgement without its acts: the envelope goes through the gate's own traps,
     * bypass list and blocklist, and mail they decide is not scored, as the gate does not score
     * it. Read-only (the role /checkv2 and /api/check ask for, and scoped accounts keep): a trap's
     * mail is reported, never learned; the gate learns it, and /learnspam takes it from a script.
     */
    @Override
    public CheckResult check(byte[] message, Envelope envelope) {
        EnvelopeHeaders env = EnvelopeHeaders.read(envelope);
        SiteDecision site = gate.judge(env.client(), env.sender(), env.recipients());
        Policy policy = gate.policy(); // the gate's, as reloaded: the API and the gate judge alike
        byte[] scan = message.length > engine.config().limits().maxScanBytes()
                ? java.util.Arrays.copyOf(message, (int) engine.config().limits().maxScanBytes()) : message;
        List<SymbolHit> siteSymbols = SiteSymbols.of(site, env);
        if (site.route() != SiteDecision.Route.FILTER) {
            Message parsed = LenientParse.parse(scan, true);
            return new CheckResult(SiteSymbols.action(site.route()), 0, policy.params().rejectScore(), policy.params().holdScore(),
                    null, null, false, siteSymbols, List.of(), parsed == null ? null : parsed.getMessageId(),
                    parsed == null ? null : new EncodedWords().subject(parsed), "not scored: the gate's lists decided");
        }
        // within the gate's scan budget: a stalled store must not hang the caller (Bayes then counts as neutral)
        Decision d = gate.decideInTime(policy, scan);
        // what the classifier said only when the decision used it: a client acts on the verdict
        Optional<Score> bayes = d.bayesUsed() ? d.bayes() : Optional.empty();
        String bayesNotUsed = d.bayesUsed() ? null : d.bayesNotUsed().orElse(NO_BAYES_SCORE);
        List<SymbolHit> symbols = new ArrayList<>(siteSymbols);
        for (Symbol s : d.symbols()) symbols.add(new SymbolHit(s.name(), s.points(), s.detail()));
        List<String> clues = new ArrayList<>();
        bayes.ifPresent(b -> b.topClues(10).forEach(c -> clues.add(String.format(Locale.ROOT, "%s %.3f", c.name(), c.probability()))));
        Message parsed = LenientParse.parse(scan, true);
        return new CheckResult(d.action().label(), d.score(), policy.params().rejectScore(), policy.params().holdScore(),
                bayes.map(Score::probability).orElse(null), bayes.map(b -> b.verdict().label()).orElse(null), d.byBayesUnsure(), symbols,
                clues, parsed == null ? null : parsed.getMessageId(), parsed == null ? null : new EncodedWords().subject(parsed), bayesNotUsed);
    }

    /** The gate's scan limit, past which {@link #check} reads nothing. */
    @Override
    public long checkedBytes() {
        return engine.config().limits().maxScanBytes();
    }

    @Override
    public LearnResult learn(byte[] message, String mailClass, String source) {
        MailClass c = MailClass.parse(mailClass);
        LearnSource from = LearnSource.valueOf(source.toUpperCase(Locale.ROOT));
        return result(WriteBudget.storeWithin(writeBudget(), engine.store()::waitsForAnotherProcess, late,
                () -> "the learning as " + c.label() + " of " + named(message) + " through the HTTP API",
                () -> engine.learner().learn(engine.preparer().prepare(message, false), c, from)));
    }

    @Override
    public LearnResult unlearn(byte[] message, Optional<String> expectedClass) {
        Optional<MailClass> expected = expectedClass.map(MailClass::parse);
        LearnOutcome o = WriteBudget.storeWithin(writeBudget(), engine.store()::waitsForAnotherProcess, late,
                () -> "the unlearning of " + named(message) + " through the HTTP API",
                () -> engine.learner().unlearn(engine.preparer().prepare(message, false), expected));
        return o.kind() == LearnOutcome.Kind.NOT_LEARNED ? notInLedger(o) : result(o);
    }

    /**
     * "Not learned" once the ledger has lost entries (pruned by age) may be a message still
     * counted with nothing left that says what to take it out of: said, as forget and unlearn
     * on the command line say it, rather than an answer that reads as nothing to do.
     */
    private LearnResult notInLedger(LearnOutcome o) {
        long unledgered = engine.store().stats().unledgered();
        if (unledgered == 0) return result(o);
        return new LearnResult(LearnKind.NOT_LEARNED, o.describe() + ": not in the ledger, but " + unledgered + " learned message"
                + (unledgered == 1 ? " has" : "s have") + " no ledger entry (pruned by age): if it is one of them, it stays counted,"
                + " as nothing says what to take it out of");
    }

    /** What a request waits for its store write, as for a check: the gate's scan budget (see {@link WriteBudget}). */
    private java.time.Duration writeBudget() {
        return java.time.Duration.ofMillis(gate.smtp().scanTimeoutMillis());
    }

    /** A message as the stop's log names a write of it: by its Message-ID, which the client can look up. */
    private static String named(byte[] message) {
        Message parsed = LenientParse.parse(message, true);
        String id = parsed == null ? null : parsed.getMessageId();
        return id == null ? "a message without a Message-ID" : "message " + id;
    }

    private static LearnResult result(LearnOutcome o) {
        return new LearnResult(LearnKind.valueOf(o.kind().name()), o.describe());
    }

    /** See {@link HeldFiles#beforeOpening}. */
    void beforeOpening(java.util.function.Consumer<String> hook) {
        files.beforeOpening(hook);
    }

    @Override
    public List<Held> held() throws IOException {
        // one listing for the whole queue: checking each id against a fresh listing made a queue
        // of 10,000 items take longer than the request deadline
        List<String> ids = quarantine.ids();
        List<Held> out = new ArrayList<>(ids.size());
        for (String id : ids) summaryOfListed(id).ifPresent(out::add);
        subjects.keySet().retainAll(new HashSet<>(ids));
        return out;
    }

    @Override
    public Optional<Held> held(String id) throws IOException {
        return files.listed(id) ? summaryOfListed(id) : Optional.empty();
    }

    /** The summary of an id just found in the spool's listing. */
    private Optional<Held> summaryOfListed(String id) throws IOException {
        Map<String, Object> m = files.metadata(id);
        // no sidecar: decided since the listing (the message goes first), else it was listed from nobody at 1970
        if (m.isEmpty() && !quarantine.spool().contains(id)) return Optional.empty();
        String subject = subjects.get(id);
        if (subject == null) {
            Optional<byte[]> head = files.readListed(id, 64 * 1024);
            if (head.isEmpty()) return Optional.empty();
            Message parsed = LenientParse.parse(head.get(), true);
            String decoded = parsed == null ? null : new EncodedWords().subject(parsed);
            subject = decoded == null ? "" : decoded;
            subjects.put(id, subject);
        }
        Instant received;
        try {
            received = Instant.parse(String.valueOf(m.get("received")));
        } catch (RuntimeException e) {
            received = Instant.EPOCH;
        }
        @SuppressWarnings("unchecked")
        List<String> rcpt = m.get("rcpt") instanceof List<?> l ? (List<String>) l : List.of();
        double score = m.get("score") instanceof Number n ? n.doubleValue() : 0;
        return Optional.of(new Held(id, received, String.valueOf(m.getOrDefault("from", "")), rcpt, subject, score,
                String.valueOf(m.getOrDefault("reason", ""))));
    }

    @Override
    public boolean holds(String id) throws IOException {
        return files.holds(id);
    }

    @Override
    public Optional<InputStream> openRaw(String id) throws IOException {
        return files.open(id);
    }

    @Override
    public Optional<HeldView> view(String id) throws IOException {
        long cost = VIEW_COST * Math.min(files.size(id), VIEWED_WHOLE + 1L);
        // a 503 with these words: the moderator opens it again in a moment
        reserve(cost, "busy: other large messages are being shown; try again");
        try {
            return viewWithin(id);
        } finally {
            viewing.give(cost);
        }
    }

    /** Takes {@code cost} of {@link #viewing}, waiting for it up to 10 s; past that, {@code busy} (a 503). */
    private void reserve(long cost, String busy) throws IOException {
        try {
            if (!viewing.take(cost, VIEW_WAIT_MILLIS)) throw new java.io.UncheckedIOException(busy, new IOException(busy));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for memory to read the message", e);
        }
    }

    /** A decision on a held item, run by {@link #learning}. */
    @FunctionalInterface
    private interface HeldDecision<T> {
        T run() throws IOException;
    }

    /**
     * Runs a decision; one that learns its message reads what learning reads of it (its first
     * limits.max-scan-bytes) and tokenizes it, so it runs within {@link #viewing}, as a view does:
     * past it, after 10 s, a 503 and the item stays held.
     */
    private <T> T learning(String id, boolean learns, HeldDecision<T> decision) throws IOException {
        if (!learns) return decision.run();
        long cost = VIEW_COST * Math.min(files.size(id), engine.config().limits().maxScanBytes());
        reserve(cost, "busy: other large messages are being learned or shown; try again");
        try {
            return decision.run();
        } finally {
            viewing.give(cost);
        }
    }

    private Optional<HeldView> viewWithin(String id) throws IOException {
        Optional<byte[]> raw = files.read(id, VIEWED_WHOLE + 1);
        Optional<Held> summary = held(id);
        if (raw.isEmpty() || summary.isEmpty()) return Optional.empty();
        return Optional.of(HeldPage.of(summary.get(), files.metadata(id), raw.get(), VIEWED_WHOLE));
    }

    @Override
    public String release(String id, boolean learnHam, String moderator, String via, boolean force) throws IOException {
        if (!holds(id)) throw decidedMeanwhile(id);
        var smtp = gate.smtp(); // as reloaded, as the gate relays: not the next hop serve started with
        List<String> refused;
        LearnedBeforeRelease judgement = new LearnedBeforeRelease(learnHam ? learnAs(id, MailClass.HAM) : Quarantine.Judgement.NONE);
        try (var underWay = quarantine.releases().begin(id, smtp.nextHop());
             NextHop hop = ReleaseHop.connect(smtp, quarantine.spool().dir(), gate.nextHopTls())) {
            refused = learning(id, learnHam,
                    () -> quarantine.release(id, hop, judgement, new ReleasedBy(moderator, via, clock.instant()), force));
        } catch (Quarantine.MayHaveBeenDelivered e) {
            // not another decision under way (whose answer names no reason): the moderator must read why
            throw new Backend.InDoubt(e.getMessage());
        } catch (Quarantine.Taken e) {
            throw new Backend.Taken(e.getMessage());
        } catch (Quarantine.LeftOver e) {
            subjects.remove(id);
            return (learnHam ? "learned as ham and released" : "released") + "; but " + e.getMessage();
        } catch (IOException e) {
            throw learnHam ? judgement.told(e) : e;
        }
        subjects.remove(id);
        return (learnHam ? "learned as ham and released" : "released")
                + (refused.isEmpty() ? "" : "; the next hop refused " + String.join(", ", refused));
    }

    @Override
    public String discard(String id, boolean learnSpam) throws IOException {
        if (!holds(id)) throw decidedMeanwhile(id);
        try {
            learning(id, learnSpam, () -> {
                quarantine.discard(id, learnSpam ? learnAs(id, MailClass.SPAM) : Quarantine.Judgement.NONE);
                return null;
            });
        } catch (Quarantine.Taken e) {
            throw new Backend.Taken(e.getMessage());
        }
        subjects.remove(id);
        return learnSpam ? "learned as spam and discarded" : "discarded";
    }

    /**
     * An item that was there when the request came (its caller checked) and is gone now: another
     * decision came first. As a plain IOException it was "not done, the message stays held" (502).
     */
    private Backend.Taken decidedMeanwhile(String id) {
        return new Backend.Taken(releasedAlready(id).orElse(id + ": no such held message (decided meanwhile)"));
    }

    @Override
    public Optional<String> releaseInDoubt(String id) {
        if (!Spool.validId(id)) return Optional.empty();
        try {
            return quarantine.spool().sending(id);
        } catch (IOException e) {
            // a note that cannot be read is still a note: the release says what is wrong with it
            return Optional.of("a release whose note " + id + ".sending cannot be read: " + e.getMessage());
        }
    }

    @Override
    public Optional<String> releasedAlready(String id) {
        if (!Spool.validId(id) || !quarantine.spool().released(id)) return Optional.empty();
        return Optional.of(id + ": released already (delivered to the next hop; its files are left over, not held)");
    }

    /** The moderator's verdict as the quarantine applies it, once the decision holds the item. */
    private Quarantine.Judgement learnAs(String id, MailClass mailClass) {
        // only what learning reads of it is held, the rest digested as it streams past: read whole,
        // a held message larger than the heap ran it out and ended the gate
        return message -> {
            PreparedMessage prepared = engine.preparer().prepare(message);
            WriteBudget.storeWithin(writeBudget(), engine.store()::waitsForAnotherProcess, late,
                    () -> "the learning as " + mailClass.label() + " of held item " + id + " by a moderator",
                    () -> engine.learner().learn(prepared, mailClass, LearnSource.MODERATOR));
        };
    }

    @Override
    public List<Blocked> blocklist() throws IOException {
        return gate.blocklist().entries().stream().map(DeskBackend::blocked).toList();
    }

    @Override
    public Blocked block(String client, String sender, Optional<Double> hours) throws IOException {
        Duration ttl = hours.map(Blocklist::hours).orElseGet(gate::blocklistTime);
        if (!ttl.isPositive()) throw new IllegalArgumentException("give ?hours= (smtp.blocklist-hours is 0: the gate blocks nobody by itself)");
        String c = Blocklist.clientAddress(client);
        String s = Blocklist.envelopeSender(sender);
        return blocked(WriteBudget.within(writeBudget(), WriteBudget.BLOCKLIST_BUSY, late,
                () -> "the blocklist's addition of " + c + " " + s + " through the HTTP API", () -> gate.blocklist().add(c, s, ttl)));
    }

    @Override
    public boolean unblock(String client, String sender) throws IOException {
        String c = Blocklist.clientAddress(client);
        String s = Blocklist.envelopeSender(sender);
        return WriteBudget.within(writeBudget(), WriteBudget.BLOCKLIST_BUSY, late,
                () -> "the blocklist's removal of " + c + " " + s + " through the HTTP API", () -> gate.blocklist().remove(c, s));
    }

    private static Blocked blocked(Blocklist.Entry e) {
        return new Blocked(e.client(), e.sender(), e.expires());
    }

    @Override
    public Optional<String> bayesNotUsed() {
        return gate.policy().params().bayesMinLearned().shortfall(engine.learned());
    }

    @Override
    public Optional<java.time.Instant> startTlsExpires() {
        return gate.startTlsExpires();
    }

    /**
     * Mail refused for want of space or for a next hop that cannot be had; writes put off while
     * another process holds a lock (learning delayed, mail flowing); a store that cannot be read
     * (Redis down: mail flows with Bayes neutral).
     */
    @Override
    public List<Trouble> troubles() {
        List<Trouble> troubles = new ArrayList<>();
        gate.refusingForSpace().ifPresent(why -> troubles.add(new Trouble(why, true)));
        gate.nextHopUnreachable().ifPresent(why -> troubles.add(new Trouble(why, true)));
        for (String waiting : gate.writesWaiting()) troubles.add(new Trouble(waiting, false));
        storeUnreadable().ifPresent(why -> troubles.add(new Trouble(why, false)));
        for (String why : gate.newsTroubles()) troubles.add(new Trouble("Usenet gateway: " + why, false));
        return troubles;
    }

    /** Why the store cannot be read now, asked of it (one read of its totals); empty when it can. */
    private Optional<String> storeUnreadable() {
        try {
            engine.learned();
            return Optional.empty();
        } catch (java.io.UncheckedIOException e) {
            // the reason, not the store's name (the endpoint asks no credentials); the log and the CLI say which
            return Optional.of("the token store cannot be read: Bayes counts as neutral in every decision");
        }
    }

    /**
     * The store's figures. A scrape of {@code /metrics} asks for them once per gauge, five times,
     * and against a Redis that had stopped answering each ask waited out {@code redis.timeout-ms},
     * past a scraper's own timeout: a failure is answered again, without asking the store, for a
     * second after it.
     */
    @Override
    public StoreSize storeSize() {
        Failed last = lastFailure;
        if (last != null && System.nanoTime() - last.nanos() < FAILURE_KEPT_NANOS) throw last.failure();
        try {
            StoreStats s = engine.store().stats();
            return new StoreSize(s.totals().ham(), s.totals().spam(), s.tokens(), s.ledgerEntries(), s.bytesOnDisk(), s.bytesInUse());
        } catch (java.io.UncheckedIOException e) {
            lastFailure = new Failed(System.nanoTime(), e);
            throw e;
        }
    }

    private static final long FAILURE_KEPT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    /** How reading the store's figures failed, and when. */
    private record Failed(long nanos, java.io.UncheckedIOException failure) {}

    private volatile Failed lastFailure;
}
