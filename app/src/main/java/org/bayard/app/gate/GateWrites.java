package org.bayard.app.gate;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Supplier;
import org.bayard.app.Engine;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.policy.Decision;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.Autolearn;
import org.bayard.core.train.TrapExtractor;
import org.bayard.core.train.TrapLearner;
import org.bayard.smtp.SpooledMessage;

/**
 * The writes the gate makes on its own, beside its decisions: learning a trap's mail, autolearn,
 * and blocklisting the sender of mail it rejected. They exist apart from the gate's judging
 * because they share one life: each waits for a lock another process may hold, is put off past
 * the session's deadline ({@link PutOffWrites}), is journaled for a serve killed meanwhile
 * ({@link PutOffJournal}), and is made again by the next start ({@link PutOffReplay}), which
 * needs the very same code to make it as the session would have.
 */
final class GateWrites {
    private final Engine engine;
    private final Blocklist blocklist;
    private final GateEvents events;
    /** The rules as they are now, for an autolearn replayed from a journal entry that did not record its class. */
    private final Supplier<GateRules> rules;
    /** Where the writes put off are kept until they are made, for a serve killed meanwhile. */
    private final PutOffJournal journal;
    /** Makes what gates that died left in the journal. */
    private final PutOffReplay replay;
    /** The sessions' learning (autolearn, traps), which another process's write lock on the store may hold up. */
    private final PutOffWrites storeWrites;
    /** The sessions' blocklist additions, which another process's lock on the blocklist may hold up. */
    private final PutOffWrites blocklistWrites;

    /** {@code store} names the store the gate writes to, for its journal (see {@link PutOffJournal#storeOf}). */
    GateWrites(Engine engine, Blocklist blocklist, GateEvents events, Supplier<GateRules> rules, Quarantine quarantine,
               String store, DecisionLog log) {
        this.engine = engine;
        this.blocklist = blocklist;
        this.events = events;
        this.rules = rules;
        this.journal = PutOffJournal.open(quarantine.spool().dir(), store, log);
        this.storeWrites = new PutOffWrites("the store's write lock", log, journal, engine.store()::waitsForAnotherProcess);
        this.blocklistWrites = new PutOffWrites("the blocklist's lock", log, journal);
        this.replay = new PutOffReplay(journal, log);
    }

    /** The put-off writes to the store, for others that write it as the sessions do (the ledger aging). */
    PutOffWrites storeWrites() {
        return storeWrites;
    }

    /** The writes put off now: a line for the store's lock and one for the blocklist's, each only when some wait for it. */
    List<String> waiting() {
        return java.util.stream.Stream.of(storeWrites.waitingLine(), blocklistWrites.waitingLine()).flatMap(Optional::stream).toList();
    }

    /** The sessions are done: says what writes are still put off (see {@link PutOffWrites#sayWhatIsLeft}) and lets go of its journal folder. */
    void stopped() {
        replay.stop();
        storeWrites.sayWhatIsLeft();
        blocklistWrites.sayWhatIsLeft();
        journal.close();
    }

    /**
     * Makes, in the background, the writes that gates which died (kill -9, a power cut) had put
     * off and journaled (see {@link PutOffReplay}). Making one again that was made before the
     * crash changes nothing: the ledger knows the message, and a blocklist entry gets the expiry
     * it had.
     */
    void replayLeftBehind() {
        // the blocklist's writes must not wait behind the store's lock, as the sessions' do not
        replay.start(this::make, left -> "blocklist".equals(left.header().get("kind")) ? "blocklist" : "store");
    }

    /** Makes the write of a journal entry left behind; what came of it, for the log. */
    private String make(PutOffJournal.Left left) throws IOException {
        return switch (left.text("kind")) {
            case "autolearn" -> {
                byte[] scan = PutOffEntryFile.bodyBytes(left);
                if (left.header().containsKey("class")) { // as decided when it was put off, whatever autolearn says now
                    MailClass c = MailClass.parse(left.text("class"));
                    // tokenized beside the sessions' checks, not on the replay's virtual thread: see GateThreads.LEARNING
                    boolean changed = engine.learner().learn(GateThreads.LEARNING.call(() -> engine.preparer().prepare(scan, false)), c,
                            LearnSource.AUTOLEARN).changed();
                    if (changed) events.learned(c, LearnSource.AUTOLEARN);
                    yield "autolearn=" + (changed ? c.label() : Autolearn.Decision.NO.label());
                }
                // an entry of a serve that did not record its decision: judged by autolearn as configured now
                double points = left.number("points");
                OptionalDouble probability = left.header().containsKey("probability")
                        ? OptionalDouble.of(left.number("probability")) : OptionalDouble.empty();
                Autolearn.Decision learned = rules.get().autolearn().learn(engine.learner(),
                        () -> GateThreads.LEARNING.compute(() -> engine.preparer().prepare(scan, false)), points, probability);
                learned.mailClass().ifPresent(c -> events.learned(c, LearnSource.AUTOLEARN));
                yield "autolearn=" + learned.label();
            }
            case "trap" -> {
                MailClass c = MailClass.parse(left.text("class"));
                TrapLearner learner = trapLearner();
                yield trapNote(c, learner.store(GateThreads.LEARNING.call(() -> learner.prepare(() -> PutOffEntryFile.body(left))), c));
            }
            case "blocklist" -> blocklist.addUntil(left.text("client"), left.text("sender"),
                    java.time.Instant.parse(left.text("expires"))).isPresent() ? "listed" : "expired meanwhile, not listed";
            default -> throw new IllegalArgumentException("not a write the gate makes: " + left.text("kind"));
        };
    }

    /**
     * Learns the message for the trap among its recipients; a note for the log, empty when none.
     * Its tokenizing must begin by {@code deadline}; the store write then waits up to {@code writeWaitNanos}
     * from the tokenizing's end, as a large report's tokenizing may outlast the deadline by seconds.
     */
    String learnTraps(SiteDecision.Trap trap, SpooledMessage message, String queueId, long deadline, long writeWaitNanos)
            throws IOException {
        if (trap == SiteDecision.Trap.NONE) return "";
        if (trap == SiteDecision.Trap.BOTH) return "trap: sent to a spam trap and a ham trap, not learned";
        MailClass c = trap == SiteDecision.Trap.SPAM ? MailClass.SPAM : MailClass.HAM;
        TrapLearner learner = trapLearner();
        // read from the spool, one attached message at a time: a report may be far larger than the heap
        // tokenizing every message in it, seconds for a large report, waits its turn behind other reports only
        // (see GateThreads.LEARNING); one not begun by the deadline is the session's 451, as is a failure below
        // (too many put off already): the sender keeps the report
        TrapLearner.Prepared prepared = GateThreads.LEARNING.callStartingBy(deadline, () -> learner.prepare(message::open));
        // a wait of its own: counted from the end of DATA, a report tokenized for longer than that had none
        // left, and was put off and journaled whole with no other process holding the lock
        long writeDeadline = System.nanoTime() + writeWaitNanos;
        Map<String, Object> entry = header("trap", "trap " + c.label(), queueId);
        entry.put("class", c.label());
        Optional<List<TrapLearner.Result>> results = storeWrites.until(writeDeadline, "trap " + c.label(), queueId, prepared.heldBytes(),
                () -> learner.store(prepared, c), late -> trapNote(c, late), new PutOffJournal.Entry(entry, spooled(message)));
        if (results.isEmpty()) return "trap " + c.label() + ": learning put off (its write-waiting line says why)";
        return trapNote(c, results.get());
    }

    private TrapLearner trapLearner() {
        return new TrapLearner(new TrapExtractor(MailInputs.DEFAULT_MAX_MESSAGE_BYTES, engine.config().limits().maxScanBytes()),
                engine.preparer(), engine.store(), engine.learner());
    }

    /** A journal entry's header: what it is, named as its log lines name it. */
    private static Map<String, Object> header(String kind, String write, String queueId) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("kind", kind);
        h.put("write", write);
        h.put("queue_id", queueId);
        return h;
    }

    /** The whole message from the spool, for a trap's journal entry: learning it again needs all of it. */
    private static PutOffJournal.Body spooled(SpooledMessage message) {
        return new PutOffJournal.Body() {
            @Override
            public long size() {
                return message.size();
            }

            @Override
            public java.io.InputStream open() throws IOException {
                return message.open();
            }
        };
    }

    /** Counts what a trap's reports taught; the note for the log. */
    private String trapNote(MailClass c, List<TrapLearner.Result> results) {
        int learned = 0;
        int refused = 0;
        for (TrapLearner.Result res : results) {
            if (res.refused()) {
                refused++;
            } else if (res.outcome().changed()) { // one already known taught nothing: not counted
                learned++;
                events.learned(c, LearnSource.TRAP);
            }
        }
        return "trap " + c.label() + ": " + learned + " learned" + (refused > 0 ? ", " + refused + " refused" : "");
    }

    /**
     * Autolearn on the non-Bayes points and the Bayes probability; the {@code autolearn=} value,
     * {@code queued} when the learning was put off (see {@link PutOffWrites}).
     */
    String autolearn(GateRules r, Decision d, byte[] scan, String queueId, long deadline) {
        if (d.bayes().isEmpty()) return "no";
        double points = d.pointsBesidesBayes();
        // no ham is learned while Bayes does not count (the store has learned too little)
        OptionalDouble probability = d.bayesUsed() ? OptionalDouble.of(d.bayes().get().probability()) : OptionalDouble.empty();
        Autolearn.Decision wanted = r.autolearn().decide(points, probability);
        if (wanted.mailClass().isEmpty()) return "no"; // most mail: nothing to write, nothing to wait for
        Optional<Autolearn.Decision> learned;
        try {
            Map<String, Object> entry = header("autolearn", "autolearn " + wanted.label(), queueId);
            entry.put("points", points);
            if (probability.isPresent()) entry.put("probability", probability.getAsDouble());
            entry.put("class", wanted.label()); // a replay learns it so, whatever autolearn says by then
            learned = storeWrites.until(deadline, "autolearn " + wanted.label(), queueId, scan.length,
                    () -> r.autolearn().learn(engine.learner(), () -> GateThreads.COMPUTE.compute(() -> engine.preparer().prepare(scan, false)), points, probability),
                    late -> late.mailClass().ifPresent(c -> events.learned(c, LearnSource.AUTOLEARN)),
                    new PutOffJournal.Entry(entry, PutOffJournal.Body.of(scan)));
        } catch (IOException | RuntimeException e) {
            return "failed";
        }
        if (learned.isEmpty()) return "queued";
        learned.get().mailClass().ifPresent(c -> events.learned(c, LearnSource.AUTOLEARN));
        return learned.get().label();
    }

    /**
     * Blocklists {@code client} and {@code sender} for {@code time} after a rejection; what the
     * decision's note adds, empty when it was written.
     */
    String block(String client, String sender, Duration time, String queueId, long deadline) {
        try {
            String what = "blocklist " + client + " <" + sender + ">";
            Map<String, Object> entry = header("blocklist", what, queueId);
            entry.put("client", client);
            entry.put("sender", sender);
            entry.put("expires", blocklist.expiryIn(time).toString());
            if (blocklistWrites.until(deadline, what, queueId, 0,
                    () -> blocklist.add(client, sender, time), added -> {},
                    new PutOffJournal.Entry(entry, PutOffJournal.Body.NONE)).isEmpty()) {
                // not always another process: the session's judging may have used its wait up (see PutOffWrites)
                return " (blocklist update put off: its write-waiting line says why)";
            }
        } catch (IOException | RuntimeException e) {
            return " (blocklist not updated: " + e.getMessage() + ")";
        }
        return "";
    }
}
