package org.bayard.eval;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.train.Learner;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.PreparedMessage;

/**
 * k-fold cross-validation: for each fold, train a fresh store on the other k-1 folds and score
 * the held-out one, so every message is scored exactly once by a filter that never saw it.
 *
 * <p>Every message is prepared (parsed, tokenized) once and its features reused by all k folds;
 * preparing is most of the cost of an evaluation, and 6,000 messages of ~1,000 hashes each is
 * ~50 MB. Preparing and the folds run on a fixed pool; each task owns its preparer, scorer and
 * store, none of which is thread-safe.
 */
public final class CrossValidation {
    private final Supplier<MessagePreparer> preparers;
    private final Supplier<MessageScorer> scorers;
    private final Supplier<TokenStore> freshStores;
    private final int threads;
    private final long maxScanBytes;

    /** @param maxScanBytes how much of a message the preparers look at: no more of a file is read */
    public CrossValidation(Supplier<MessagePreparer> preparers, Supplier<MessageScorer> scorers,
                           Supplier<TokenStore> freshStores, int threads, long maxScanBytes) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.preparers = preparers;
        this.scorers = scorers;
        this.freshStores = freshStores;
        this.threads = threads;
        this.maxScanBytes = maxScanBytes;
    }

    /**
     * @param progress receives 1 per message prepared and 1 per message scored (2n in all), one
     *                 call at a time, from the pool's threads
     * @return the scored messages, in corpus order
     * @throws java.io.UncheckedIOException when a message cannot be read
     */
    public List<ScoredMessage> run(List<LabelledMessage> corpus, Folds folds, IntConsumer progress) {
        if (folds.size() != corpus.size()) throw new IllegalArgumentException("folds were made for another corpus");
        IntConsumer serialized = new IntConsumer() {
            @Override
            public synchronized void accept(int steps) {
                progress.accept(steps);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bayard-cv");
            t.setDaemon(true);
            return t;
        });
        try {
            PreparedMessage[] prepared = prepareAll(corpus, pool, serialized);
            ScoredMessage[] scores = new ScoredMessage[corpus.size()];
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int f = 0; f < folds.count(); f++) {
                int fold = f;
                tasks.add(() -> {
                    runFold(corpus, prepared, folds, fold, scores, serialized);
                    return null;
                });
            }
            awaitAll(pool, tasks);
            return List.of(scores);
        } finally {
            pool.shutdownNow();
        }
    }

    private PreparedMessage[] prepareAll(List<LabelledMessage> corpus, ExecutorService pool, IntConsumer progress) {
        PreparedMessage[] prepared = new PreparedMessage[corpus.size()];
        List<Callable<Void>> tasks = new ArrayList<>();
        // Interleaved slices, so that a run of large messages does not land on one thread.
        for (int t = 0; t < threads; t++) {
            int first = t;
            tasks.add(() -> {
                MessagePreparer preparer = preparers.get();
                for (int i = first; i < corpus.size(); i += threads) {
                    prepared[i] = preparer.prepare(CorpusFiles.read(corpus.get(i), maxScanBytes), false);
                    progress.accept(1);
                }
                return null;
            });
        }
        awaitAll(pool, tasks);
        return prepared;
    }

    private void runFold(List<LabelledMessage> corpus, PreparedMessage[] prepared, Folds folds, int fold, ScoredMessage[] scores,
                         IntConsumer progress) {
        try (TokenStore store = freshStores.get()) {
            Learner learner = new Learner(store, Clock.systemUTC());
            // One write per message, as online replay does. A single write for the whole training
            // set was tried and took minutes per fold instead of about a second: its commit copies
            // a journal of ~10^6 keys into the empty live map in hash-table order, the worst case
            // of open addressing (keys land in ever longer runs).
            for (int i = 0; i < prepared.length; i++) {
                if (folds.foldOf(i) != fold) learner.learn(prepared[i], corpus.get(i).label(), LearnSource.EVAL);
            }
            MessageScorer scorer = scorers.get();
            try (ReadView view = store.read()) {
                for (int i : folds.heldOut(fold)) {
                    scores[i] = Evaluation.scored(corpus.get(i), scorer.score(prepared[i], view)); // distinct slots per fold: no race
                    progress.accept(1);
                }
            }
        }
    }

    private static void awaitAll(ExecutorService pool, List<Callable<Void>> tasks) {
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }
}
