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
import java.util.function.Consumer;
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
 * held, the one committing and the one filling. A message too large to hold, prepared from a
 * stream of it, counts against the same budget for what its preparation holds of it
 * ({@link MessagePreparer#streamedHeldBytes()}), so the budget also bounds how many of those are
 * in preparation at once.
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

    /** Opens a message too large to hold, on the preparing thread that reads it: its file, say. */
    @FunctionalInterface
    public interface MessageStream {
        InputStream open() throws IOException;
    }

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
     * As {@link #learn(byte[], InputStream, MailClass, Object)}, but opened and read on a preparing
     * thread, so that large messages are prepared in parallel as held ones are; it is learned in
     * its turn all the same. Blocks as {@link #learn(byte[], MailClass, Object)} does, with what
     * preparing it holds (not its size) counted against the raw bytes in flight.
     *
     * @param unreadable told, in the message's turn among the outcomes and on this thread, when
     *     it could not be opened or read, or its header block is longer than what learning reads
     *     ({@link MessagePreparer.HeaderTooLong}); it is then not learned and has no outcome
     */
    public void learn(byte[] start, MessageStream whole, MailClass mailClass, T tag, Consumer<IOException> unreadable) {
        Objects.requireNonNull(mailClass);
        Objects.requireNonNull(whole);
        Objects.requireNonNull(unreadable);
        if (refusedAsNotMail(start, tag)) return;
        int kib = (int) Math.min(rawKibBudget, preparer.streamedHeldBytes() / KIB + 1);
        submit(kib, () -> {
            try (InputStream in = whole.open()) {
                return preparer.prepare(in);
            }
        }, (view, prepared) -> learner.learn(view, prepared, mailClass, source), tag, unreadable);
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
        filling.add(CompletableFuture.completedFuture(null), (view, unused) -> outcome, tag, null);
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
        filling.add(CompletableFuture.completedFuture(prepared), lesson, tag, null);
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
        submit(kib, () -> preparer.prepare(message, false), lesson, tag, null);
    }

    /** A preparation, on the preparing threads once {@code kib} of the raw budget is free. */
    @FunctionalInterface
    private interface Preparation {
        PreparedMessage run() throws IOException;
    }

    /**
     * Queues a message whose preparation holds {@code kib} of the raw budget until it ends.
     *
     * @param unreadable for a message read on a preparing thread, told of its IOException; null
     *     when it has none, so that any failure of its preparation fails its batch
     */
    private void submit(int kib, Preparation preparation, Lesson lesson, T tag, Consumer<IOException> unreadable) {
        acquireRaw(kib);
        Future<PreparedMessage> prepared;
        try {
            prepared = preparers.submit(() -> {
                try {
                    return preparation.run();
                } finally {
                    releaseRaw(kib);
                }
            });
        } catch (RuntimeException e) {
            releaseRaw(kib);
            throw e;
        }
        filling.add(prepared, lesson, tag, unreadable);
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

    private List<Done> commit(Batch<T> batch) throws InterruptedException, ExecutionException {
        PreparedMessage[] messages = new PreparedMessage[batch.size()];
        IOException[] unread = new IOException[messages.length];
        for (int i = 0; i < messages.length; i++) {
            try {
                messages[i] = batch.prepared.get(i).get();
            } catch (ExecutionException e) {
                // a message file that could not be read is skipped, as it was when read on the adding thread
                if (batch.unreadable.get(i) == null || !(e.getCause() instanceof IOException cause)) throw e;
                unread[i] = cause;
            }
        }
        return store.write(view -> {
            List<Done> out = new ArrayList<>(messages.length);
            for (int i = 0; i < messages.length; i++) {
                out.add(unread[i] != null ? new Done(null, unread[i]) : new Done(batch.lessons.get(i).apply(view, messages[i]), null));
            }
            return out;
        });
    }

    /** What became of one message of a committed batch: its outcome, or why it could not be read. */
    private record Done(LearnOutcome outcome, IOException unread) {}

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
            List<Done> results = last.outcomes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
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

    private void report(Commit<T> done, List<Done> results) {
        for (int i = 0; i < results.size(); i++) {
            Done one = results.get(i);
            if (one.unread() != null) done.batch().unreadable.get(i).accept(one.unread());
            else outcomes.accept(done.batch().tags.get(i), one.outcome());
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
    private record Commit<T>(Batch<T> batch, Future<List<Done>> outcomes) {}

    /** The messages of one transaction, in order: their preparations, lessons, tags and who is told if one cannot be read. */
    private static final class Batch<T> {
        final List<Future<PreparedMessage>> prepared;
        final List<Lesson> lessons;
        final List<T> tags;
        /** Null for a message whose preparation reads nothing, so cannot fail to read. */
        final List<Consumer<IOException>> unreadable;

        Batch(int capacity) {
            // Grown as messages come: a batch as large as the input (--batch 1000000000) must not
            // reserve its arrays up front.
            int initial = Math.min(capacity, 4096);
            prepared = new ArrayList<>(initial);
            lessons = new ArrayList<>(initial);
            tags = new ArrayList<>(initial);
            unreadable = new ArrayList<>(initial);
        }

        void add(Future<PreparedMessage> message, Lesson lesson, T tag, Consumer<IOException> onUnreadable) {
            prepared.add(message);
            lessons.add(lesson);
            tags.add(tag);
            unreadable.add(onUnreadable);
        }

        int size() {
            return prepared.size();
        }
    }
}
