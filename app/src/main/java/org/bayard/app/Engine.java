package org.bayard.app;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.classify.Score;
import org.bayard.core.store.LearnSource;
import org.bayard.core.train.BatchTrainer;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.Totals;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.Learner;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.MessageTokens;

/** The wiring of one process: configuration, the store, and the parts that prepare, score and learn. */
public final class Engine implements AutoCloseable {
    private final BayardConfig config;
    private final TokenStore store;
    private final MessagePreparer preparer;
    /**
     * Scorers not in use. A scorer reuses its buffers, so it serves one message at a time; the gate
     * and the HTTP API score many at once, each on a virtual thread of its own, where a ThreadLocal
     * would build a new scorer every time. So scorers are lent: as many exist as were ever busy at once.
     */
    private final ConcurrentLinkedQueue<MessageScorer> idleScorers = new ConcurrentLinkedQueue<>();
    private final Learner learner;

    public Engine(BayardConfig config, TokenStore store, AppContext ctx) {
        this.config = config;
        this.store = store;
        this.preparer = newPreparer(config);
        this.learner = new Learner(store, ctx.clock());
    }

    /**
     * Opens the store to read and write it (see {@link StorePlace}). A write that waits long for
     * the LMDB store's write lock, which another process holds (a long train, a learn stopped with
     * ^Z), says so once on the command's stderr and goes on waiting.
     */
    public static Engine open(BayardConfig config, Path db, AppContext ctx) {
        return new Engine(config, StorePlace.of(config, db).open(waiting -> ctx.err().println("bayard: " + waiting)), ctx);
    }

    /**
     * Opens the store only to read it: nothing in its directory is created or changed but this
     * reader's entry in lock.mdb, so the commands that only read work on a store this user may
     * not write (another user's, whose lock.mdb the readers may write); one whose lock.mdb they
     * may not write (or on a read-only mount) is refused. A Redis store is read as it is, and
     * must exist. The engine's learner refuses to write.
     */
    public static Engine openForReading(BayardConfig config, Path db, AppContext ctx) {
        return new Engine(config, StorePlace.of(config, db).openForReading(), ctx);
    }

    /** Why this user could not write the store, in a few words; empty when it could. */
    public static java.util.Optional<String> whyStoreNotWritable(BayardConfig config, Path db) {
        return StorePlace.of(config, db).whyNotWritable();
    }

    /** Refuses a place that holds no store (see {@link StorePlace#requireStore}). */
    public static void requireStore(BayardConfig config, Path db) {
        StorePlace.of(config, db).requireStore();
    }

    public static MessagePreparer newPreparer(BayardConfig config) {
        return new MessagePreparer(new Tokenizer(config.limits()), config.limits());
    }

    public BayardConfig config() {
        return config;
    }

    public TokenStore store() {
        return store;
    }

    public MessagePreparer preparer() {
        return preparer;
    }

    public Learner learner() {
        return learner;
    }

    /** A bulk learner of people's decisions into this engine's store; close it before the engine. */
    public <T> BatchTrainer<T> batchTrainer(int batchSize, int threads, BatchTrainer.Outcomes<T> outcomes) {
        return new BatchTrainer<>(store, learner, preparer, LearnSource.MANUAL, batchSize, threads, outcomes);
    }

    public Score score(byte[] message, boolean explain) {
        return scoreWithTotals(message, explain).score();
    }

    /**
     * A score and what the store had learned when it was computed, read in one view: the policy
     * leaves Bayes out while the store has learned too little, and a learn running beside this
     * must not make the two disagree.
     */
    public Scored scoreWithTotals(byte[] message, boolean explain) {
        MessageTokens tokens = preparer.tokens(message, explain);
        MessageScorer scorer = idleScorers.poll();
        if (scorer == null) scorer = new MessageScorer(config.classifier());
        try (ReadView view = store.read()) {
            return new Scored(scorer.score(tokens, view), view.totals());
        } finally {
            idleScorers.offer(scorer);
        }
    }

    /** The messages the store had learned, of each class, now. */
    public Totals learned() {
        try (ReadView view = store.read()) {
            return view.totals();
        }
    }

    /** A score with the totals of the store it was computed from. */
    public record Scored(Score score, Totals learned) {}

    @Override
    public void close() {
        store.close();
    }
}
