package org.bayard.core.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.WriteView;

/**
 * Bulk learning (and unlearning) on every core: messages are prepared (parsed, tokenized,
 * digested) by a pool of threads while the previous batch commits, and learned or unlearned in
 * the order they were added, one store transaction per batch. The store has one writer, so only preparation runs in parallel; it is
 * most of the work (a message of the SpamAssassin corpus takes about 100 us to prepare and 60 us
 * of the writer's time at batches of 2,000).
 *
 * <p>What stays as with one thread: batches commit whole and in order, so a run cut short keeps
 * every batch that committed (and a rerun finds them in the ledger) and loses only the rest;
 * outcomes are reported in the order the messages were added, on the thread that adds them.
 *
 * <p>Memory is bounded: at most {@link #RAW_PER_THREAD} raw messages per thread, and at most
 * {@link #rawByteBudget} bytes of them (a larger message alone), wait to be prepared ({@link #add}
 * blocks until one is), and at most two batches of prepared messages (their feature hashes) are
 * held, the one committing and the one filling.
 *
 * <p>Use from one thread; close it (which waits for a commit still running) when done.
 *
 * @param <T> what the caller tags each message with (its origin, say), handed back with its outcome
 */
public final class BatchTrainer<T> implements AutoCloseable {
    /** Raw messages in flight per preparing thread: enough to keep the threads busy while the reader reads the next. */
    static final int RAW_PER_THREAD = 8;
    /** The unit in which raw bytes in flight are counted, so that a semaphore's int permits cover any heap. */
    private static final int KIB = 1024;

    /** Receives each message's tag and outcome, in the order the messages were added. */
    @FunctionalInterface
    public interface Outcomes<T> {
        void accept(T tag, LearnOutcome outcome);
    }

    private final TokenStore store;
    private final Learner learner;
    private final MessagePreparer preparer;
    private final LearnSource source;
    private final int batchSize;
    private final Outcomes<T> outcomes;
    private final ExecutorService preparers;
    /** One thread that waits for a batch's preparation and then for its commit, so that the caller reads on meanwhile. */
    private final ExecutorService committer;
    private final Semaphore rawInFlight;
    /** Raw bytes in flight, in KiB: a count alone let 16 messages of 60 MB wait at once and ran a 256 MB heap out. */
    private final Semaphore rawKibInFlight;
    private final int rawKibBudget;
    private Batch<T> filling;
    /** The batch handed to the committer and not yet reported; null when none is. */
    private Commit<T> committing;

    public BatchTrainer(TokenStore store, Learner learner, MessagePreparer preparer, LearnSource source,
                        int batchSize, int threads, Outcomes<T> outcomes) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1: " + threads);
        this.store = Objects.requireNonNull(store);
        this.learner = Objects.requireNonNull(learner);
        this.preparer = Objects.requireNonNull(preparer);
        this.source = Objects.requireNonNull(source);
        this.batchSize = batchSize;
        this.outcomes = Objects.requireNonNull(outcomes);
        this.preparers = Executors.newFixedThreadPool(threads, daemon("bayard-prepare"));
        this.committer = Executors.newSingleThreadExecutor(daemon("bayard-commit"));
        this.rawInFlight = new Semaphore(RAW_PER_THREAD * threads);
        this.rawKibBudget = (int) (rawByteBudget(Runtime.getRuntime().maxMemory()) / KIB);
        this.rawKibInFlight = new Semaphore(rawKibBudget);
        this.filling = new Batch<>(batchSize);
    }

    /**
     * Queues a message to be learned as {@code mailClass}. Blocks while too many raw messages wait
     * to be prepared, and, when this fills a batch, until the batch before it has committed (whose
     * outcomes it then reports).
     *
     * @throws UncheckedIOException or another runtime exception, when an earlier batch failed to commit
     */
    public void learn(byte[] message, MailClass mailClass, T tag) {
        Objects.requireNonNull(mailClass);
        if (refusedAsNotMail(message, tag)) return;
        add(message, (view, prepared) -> learner.learn(view, prepared, mailClass, source), tag);
    }

    /**
     * As {@link #learn(byte[], MailClass, Object)}, for a message too large to hold: it is read
     * from {@code whole} here, on the caller's thread, keeping only what the tokenizer reads of
     * it and digesting the rest for its identity as it streams past ({@link
     * MessagePreparer#prepare(InputStream)}), so it is learned under the identity and with the
     * features that reading it whole gives. {@code start} is its beginning, which tells whether
     * it is mail at all.
     *
     * @throws IOException when reading fails, or its header block is longer than what learning
     *     reads ({@link MessagePreparer.HeaderTooLong}); nothing is queued then
     */
    public void learn(byte[] start, InputStream whole, MailClass mailClass, T tag) throws IOException {
        Objects.requireNonNull(mailClass);
        if (refusedAsNotMail(start, tag)) return;
        addPrepared(preparer.prepare(whole), (view, prepared) -> learner.learn(view, prepared, mailClass, source), tag);
    }

    /**
     * An empty file, a mail client's index beside its mailboxes, a fragment of a cut mailbox:
     * learned, they put a "message" of junk features in the totals under the class a person
     * chose. The trap refuses them by the same rule. Queues the refusal and says so, or false.
     */
    private boolean refusedAsNotMail(byte[] message, T tag) {
        Optional<String> notMail = MessageShape.problem(message);
        if (notMail.isEmpty()) return false;
        LearnOutcome outcome = LearnOutcome.notMail(notMail.get());
        filling.add(CompletableFuture.completedFuture(null), (view, unused) -> outcome, tag);
        if (filling.size() >= batchSize) commitFilling();
        return true;
    }

    /**
     * Queues a message to be taken out of the counts and the ledger, only if it was learned as
     * {@code expected} when that is present; blocks and throws as {@link #learn} does.
     */
    public void unlearn(byte[] message, Optional<MailClass> expected, T tag) {
        Objects.requireNonNull(expected);
        add(message, (view, prepared) -> learner.unlearn(view, prepared, expected), tag);
    }

    /** As {@link #unlearn(byte[], Optional, Object)}, for a message too large to hold, read as {@link #learn(byte[], InputStream, MailClass, Object)} reads one. */
    public void unlearn(InputStream whole, Optional<MailClass> expected, T tag) throws IOException {
        Objects.requireNonNull(expected);
        addPrepared(preparer.prepare(whole), (view, prepared) -> learner.unlearn(view, prepared, expected), tag);
    }

    /** Queues a message prepared already, in its turn among those still being prepared. */
    private void addPrepared(PreparedMessage prepared, Lesson lesson, T tag) {
        filling.add(CompletableFuture.completedFuture(prepared), lesson, tag);
        if (filling.size() >= batchSize) commitFilling();
    }

    /**
     * Raw bytes that may wait to be prepared at once in a heap of {@code maxHeap}: an eighth of
     * it, so that the reader's next message, the preparations' own work and two batches of
     * features have the rest. Mail of ordinary size never reaches it; messages near the 64 MiB
     * size limit are then prepared a few, or one, at a time.
     */
    static long rawByteBudget(long maxHeap) {
        return Math.clamp(maxHeap / 8, 1L << 20, 1L << 30);
    }

    private void add(byte[] message, Lesson lesson, T tag) {
        Objects.requireNonNull(message);
        // a message larger than the whole budget takes all of it and so waits alone
        int kib = (int) Math.min(rawKibBudget, message.length / KIB + 1);
        acquireRaw(kib);
        Future<PreparedMessage> prepared;
        try {
            prepared = preparers.submit(() -> {
                try {
                    return preparer.prepare(message, false);
                } finally {
                    releaseRaw(kib);
                }
            });
        } catch (RuntimeException e) {
            releaseRaw(kib);
            throw e;
        }
        filling.add(prepared, lesson, tag);
        if (filling.size() >= batchSize) {
            commitFilling();
        }
    }

    /** Commits what is left and reports every outcome not yet reported. */
    public void finish() {
        commitFilling();
        awaitCommit();
    }

    /** Hands the filling batch to the committer, after the one before it has committed. */
    private void commitFilling() {
        awaitCommit();
        if (filling.size() == 0) return;
        Batch<T> batch = filling;
        filling = new Batch<>(batchSize);
        committing = new Commit<>(batch, committer.submit(() -> commit(batch)));
    }

    private List<LearnOutcome> commit(Batch<T> batch) throws InterruptedException, ExecutionException {
        PreparedMessage[] messages = new PreparedMessage[batch.size()];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = batch.prepared.get(i).get();
        }
        return store.write(view -> {
            List<LearnOutcome> out = new ArrayList<>(messages.length);
            for (int i = 0; i < messages.length; i++) {
                out.add(batch.lessons.get(i).apply(view, messages[i]));
            }
            return out;
        });
    }

    /** Waits for the batch committing, if any, and reports its outcomes; rethrows its failure. */
    private void awaitCommit() {
        if (committing == null) return;
        Commit<T> done = committing;
        committing = null;
        report(done, resultOf(done.outcomes()));
    }

    /** A future's result, with the task's own exception rethrown as it was (a store failure stays an UncheckedIOException). */
    private static <R> R resultOf(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while learning", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // the commit task waits on the preparations: a preparation's failure comes wrapped twice
            while (cause instanceof ExecutionException nested && nested.getCause() != null) cause = nested.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException("learning failed: " + cause, cause);
        }
    }

    private void acquireRaw(int kib) {
        try {
            rawInFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while learning", e);
        }
        try {
            rawKibInFlight.acquire(kib);
        } catch (InterruptedException e) {
            rawInFlight.release();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while learning", e);
        }
    }

    private void releaseRaw(int kib) {
        rawKibInFlight.release(kib);
        rawInFlight.release();
    }

    /**
     * For a run being stopped (Ctrl-C, SIGTERM): waits up to {@code timeout} for the batch
     * committing, if any, and reports its outcomes if it committed, so that a summary taken next
     * counts every message the store kept; starts nothing more. The batch still filling is left
     * unlearned. The interrupted run's summary counted only the batches reported before the
     * signal, one fewer than the store held whenever a batch was committing or had just
     * committed (2,000 messages at the default batch size).
     *
     * <p>May be called from another thread than the one that adds messages, once that thread
     * adds no more and what it did is visible to this one.
     *
     * @return false when the commit did not end in time: it may yet be stored without being counted
     */
    public synchronized boolean settle(Duration timeout) {
        Commit<T> last = committing;
        if (last == null) return true;
        try {
            List<LearnOutcome> results = last.outcomes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            committing = null;
            report(last, results);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            committing = null; // it failed: nothing of it was stored
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops the threads. A commit still running is waited for, so that the caller may close the
     * store next, and its outcomes are reported if it committed: they are in the store, and a
     * caller that stopped on a failure (a file it could not read) counted a batch fewer than it
     * had stored. Messages not yet handed to a commit are dropped. The preparing threads stop
     * only after that commit: some of its messages may still be waiting for them (stopping them
     * first left the commit waiting for ever).
     */
    @Override
    public synchronized void close() { // synchronized with settle, which a stopping run may call from its own thread meanwhile
        committer.shutdown();
        Commit<T> last = committing;
        committing = null;
        try {
            if (last != null) report(last, last.outcomes().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // not committed: the caller is closing because of this failure or another one
        } finally {
            preparers.shutdownNow();
        }
    }

    private void report(Commit<T> done, List<LearnOutcome> results) {
        for (int i = 0; i < results.size(); i++) {
            outcomes.accept(done.batch().tags.get(i), results.get(i));
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread t = new Thread(task, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** What one message does in its batch's transaction: learn or unlearn it. */
    @FunctionalInterface
    private interface Lesson {
        LearnOutcome apply(WriteView view, PreparedMessage message);
    }

    /** A batch and the committer's task for it. */
    private record Commit<T>(Batch<T> batch, Future<List<LearnOutcome>> outcomes) {}

    /** The messages of one transaction, in order: their preparations, lessons and tags. */
    private static final class Batch<T> {
        final List<Future<PreparedMessage>> prepared;
        final List<Lesson> lessons;
        final List<T> tags;

        Batch(int capacity) {
            // Grown as messages come: a batch as large as the input (--batch 1000000000) must not
            // reserve its arrays up front.
            int initial = Math.min(capacity, 4096);
            prepared = new ArrayList<>(initial);
            lessons = new ArrayList<>(initial);
            tags = new ArrayList<>(initial);
        }

        void add(Future<PreparedMessage> message, Lesson lesson, T tag) {
            prepared.add(message);
            lessons.add(lesson);
            tags.add(tag);
        }

        int size() {
            return prepared.size();
        }
    }
}
