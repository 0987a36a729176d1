package org.bayard.core.train;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.store.FailingStore;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.Totals;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.LearnOutcome.Kind;
import org.junit.jupiter.api.Test;

class BatchTrainerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);
    private final MessagePreparer preparer = new MessagePreparer(new Tokenizer(MailLimits.DEFAULT), MailLimits.DEFAULT);

    private record Reported(int tag, LearnOutcome outcome) {}

    private static byte[] message(int n) {
        return ("Message-ID: <" + n + "@example.org>\nSubject: note number " + n + "\n\n"
                + "word" + n + " shared text about item" + (n % 4) + " and more\n").getBytes(US_ASCII);
    }

    private static MailClass classOf(int n) {
        return n % 3 == 0 ? MailClass.SPAM : MailClass.HAM;
    }

    @Test
    void learnsEverythingInOrderAcrossBatchesAsOneByOneWould() {
        InMemoryTokenStore parallel = new InMemoryTokenStore(Tokenizer.VERSION);
        List<Reported> reported = new ArrayList<>();
        try (BatchTrainer<Integer> trainer = trainer(parallel, 3, 2, into(reported))) {
            for (int n = 0; n < 10; n++) trainer.learn(message(n), classOf(n), n);
            trainer.finish();
        }
        assertThat(reported).extracting(Reported::tag).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(reported).extracting(r -> r.outcome().kind()).containsOnly(Kind.LEARNED);

        assertSameContents(parallel, learnedOneByOne(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    @Test
    void aMessageAddedTwiceIsLearnedOnceAndReportedAsSuch() {
        InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION);
        List<Reported> reported = new ArrayList<>();
        try (BatchTrainer<Integer> trainer = trainer(store, 2, 3, into(reported))) {
            trainer.learn(message(1), MailClass.HAM, 0);
            trainer.learn(message(2), MailClass.HAM, 1);
            trainer.learn(message(1), MailClass.HAM, 2); // the next batch
            trainer.learn(message(1), MailClass.SPAM, 3);
            trainer.finish();
        }
        assertThat(reported).extracting(r -> r.outcome().kind())
                .containsExactly(Kind.LEARNED, Kind.LEARNED, Kind.ALREADY_LEARNED, Kind.RELEARNED);
        assertTotals(store, new Totals(1, 1));
    }

    /** Unlearning in batches sees the batch's own earlier steps, and leaves the counts as learning only the rest would. */
    @Test
    void unlearningInBatchesTakesOutWhatWasLearnedAndReportsInOrder() {
        InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION);
        List<Reported> reported = new ArrayList<>();
        try (BatchTrainer<Integer> trainer = trainer(store, 3, 2, into(reported))) {
            for (int n = 0; n < 6; n++) trainer.learn(message(n), classOf(n), n);
            trainer.unlearn(message(0), Optional.empty(), 6);
            trainer.unlearn(message(1), Optional.of(MailClass.SPAM), 7); // learned as ham: stays
            trainer.unlearn(message(0), Optional.empty(), 8); // already taken out in this batch
            trainer.unlearn(message(4), Optional.of(MailClass.HAM), 9);
            trainer.unlearn(message(9), Optional.empty(), 10); // never learned
            trainer.finish();
        }
        assertThat(reported).extracting(Reported::tag).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(reported.subList(6, 11)).extracting(r -> r.outcome().kind())
                .containsExactly(Kind.UNLEARNED, Kind.WRONG_CLASS, Kind.NOT_LEARNED, Kind.UNLEARNED, Kind.NOT_LEARNED);

        assertSameContents(store, learnedOneByOne(1, 2, 3, 5));
    }

    @Test
    void aFailedCommitStopsTheRunAndKeepsTheBatchesBeforeIt() {
        FailingStore failingSecond = new FailingStore(1);
        List<Reported> reported = new ArrayList<>();
        BatchTrainer<Integer> trainer = trainer(failingSecond, 2, 2, into(reported));
        try (trainer) {
            assertThatThrownBy(() -> {
                for (int n = 0; n < 8; n++) trainer.learn(message(n), MailClass.HAM, n);
                trainer.finish();
            }).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full");
        }
        assertThat(reported).extracting(Reported::tag).containsExactly(0, 1);
        assertTotals(failingSecond.inner, new Totals(2, 0));
    }

    /**
     * Closing while a batch commits (the caller failed, say, reading its next input) waits for
     * that commit, whose messages may still be queued for preparation, and keeps it.
     */
    @Test
    void closingWhileABatchCommitsKeepsThatBatch() {
        for (int round = 0; round < 20; round++) {
            InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION);
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (BatchTrainer<Integer> trainer = trainer(store, 40, 1, (tag, outcome) -> { })) {
                    for (int n = 0; n < 40; n++) trainer.learn(message(n), MailClass.SPAM, n); // the 40th hands the batch over
                }
            });
            assertTotals(store, new Totals(0, 40));
        }
    }

    /**
     * A caller that stops early (a file it could not read) closes the trainer with a batch
     * committing: that batch is stored, so its outcomes are reported too. They were not, and
     * 'learn -v' named one message fewer than the store had learned.
     */
    @Test
    void closingWhileABatchCommitsReportsThatBatch() {
        InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION);
        List<Reported> reported = new ArrayList<>();
        try (BatchTrainer<Integer> trainer = trainer(store, 2, 1, into(reported))) {
            for (int n = 0; n < 5; n++) trainer.learn(message(n), MailClass.SPAM, n); // 3 hands over the second batch; 4 is dropped
        }
        assertThat(reported).extracting(Reported::tag).containsExactly(0, 1, 2, 3);
        assertTotals(store, new Totals(0, 4));
    }

    /**
     * Bytes that are not a mail message are not learned, as the trap refuses them: an empty file
     * (an emptied mailbox) was learned as a spam of 12 features, a mail client's index file
     * beside its mailboxes as a message of junk.
     */
    @Test
    void bytesThatAreNotMailAreReportedInOrderAndNotLearned() {
        InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION);
        List<Reported> reported = new ArrayList<>();
        try (BatchTrainer<Integer> trainer = trainer(store, 2, 2, into(reported))) {
            trainer.learn(new byte[0], MailClass.SPAM, 0);
            trainer.learn(message(1), MailClass.SPAM, 1);
            trainer.learn("\r\n\n".getBytes(US_ASCII), MailClass.SPAM, 2);
            trainer.learn("// <!-- <mdb:mork:z v=\"1.4\"/> -->\n< <(a=c)> // (f=iso-8859-1)\n".getBytes(US_ASCII), MailClass.HAM, 3);
            trainer.learn(message(2), MailClass.HAM, 4);
            trainer.finish();
        }
        assertThat(reported).extracting(Reported::tag).containsExactly(0, 1, 2, 3, 4);
        assertThat(reported).extracting(r -> r.outcome().describe()).containsExactly(
                "not learned (empty)", "learned", "not learned (empty)",
                "not learned (not a mail message: line 1 of its header is not a header field)", "learned");
        assertThat(reported.get(0).outcome().kind()).isEqualTo(Kind.NOT_MAIL);
        assertTotals(store, new Totals(1, 1));
    }

    /**
     * Messages too large to hold, read from streams: read on the preparing threads, several at
     * once (the first two wait for each other here), and learned in their turn among held ones,
     * as learning each whole one by one would. They were read on the adding thread, one at a time.
     */
    @Test
    void streamedMessagesArePreparedOnThePreparingThreadsAtOnceAndLearnedInTurn() {
        InMemoryTokenStore parallel = new InMemoryTokenStore(Tokenizer.VERSION);
        List<Reported> reported = new ArrayList<>();
        CountDownLatch bothOpen = new CountDownLatch(2);
        AtomicInteger metTheOther = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (BatchTrainer<Integer> trainer = trainer(parallel, 3, 2, into(reported))) {
                for (int n = 0; n < 10; n++) {
                    int m = n;
                    if (n % 2 == 0) trainer.learn(message(n), classOf(n), n);
                    else trainer.learn(start(n), () -> {
                        if (m <= 3) {
                            bothOpen.countDown();
                            if (meet(bothOpen)) metTheOther.incrementAndGet();
                        }
                        return new ByteArrayInputStream(message(m));
                    }, classOf(n), n, e -> { throw new AssertionError("unreadable", e); });
                }
                trainer.finish();
            }
        });
        assertThat(metTheOther).as("the first two streamed messages were read at once").hasValue(2);
        assertThat(reported).extracting(Reported::tag).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(reported).extracting(r -> r.outcome().kind()).containsOnly(Kind.LEARNED);

        assertSameContents(parallel, learnedOneByOne(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    }

    /**
     * A streamed message that cannot be read on its preparing thread (a file gone since it was
     * listed) is not learned, fails nothing else, and is told in its turn among the outcomes.
     */
    @Test
    void aStreamedMessageThatCannotBeReadIsToldInItsTurnAndNotLearned() {
        InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION);
        List<String> told = new ArrayList<>();
        try (BatchTrainer<Integer> trainer = trainer(store, 2, 2, (tag, outcome) -> told.add(tag + " " + outcome.describe()))) {
            trainer.learn(message(0), MailClass.SPAM, 0);
            trainer.learn(start(1), () -> { throw new NoSuchFileException("1.eml"); }, MailClass.SPAM, 1,
                    e -> told.add("1 unreadable: " + e.getMessage()));
            trainer.learn(start(2), () -> new ByteArrayInputStream(message(2)), MailClass.SPAM, 2,
                    e -> told.add("2 unreadable: " + e.getMessage()));
            trainer.learn(message(3), MailClass.SPAM, 3);
            trainer.finish();
        }
        assertThat(told).containsExactly("0 learned", "1 unreadable: 1.eml", "2 learned", "3 learned");
        assertTotals(store, new Totals(0, 3));
    }

    /**
     * What preparing a streamed message holds (what learning reads of it) counts against the raw
     * bytes in flight: where that is the whole budget, streamed messages are read one at a time,
     * however many threads prepare, so a heap that holds one holds the run.
     */
    @Test
    void streamedMessagesInPreparationAreBoundedByTheRawByteBudget() {
        MailLimits d = MailLimits.DEFAULT;
        // more than any heap's budget (at most 1 GiB): each takes all of it
        MailLimits wholeBudget = new MailLimits(2L << 30, d.maxDepth(), d.maxParts(), d.maxHeaderBytes(), d.maxTextChars(),
                d.maxWordLength(), d.maxTokens());
        MessagePreparer reading = new MessagePreparer(new Tokenizer(wholeBudget), wholeBudget);
        InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION);
        AtomicInteger open = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<Integer> reported = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (BatchTrainer<Integer> trainer = new BatchTrainer<>(store, new Learner(store, CLOCK), reading,
                    LearnSource.MANUAL, 4, 4, (tag, outcome) -> reported.add(tag))) {
                for (int n = 0; n < 8; n++) {
                    int m = n;
                    trainer.learn(start(n), () -> new ByteArrayInputStream(message(m)) {
                        boolean counted;

                        @Override
                        public synchronized int read(byte[] b, int off, int len) {
                            if (!counted) {
                                counted = true;
                                most.accumulateAndGet(open.incrementAndGet(), Math::max);
                                pause();
                            }
                            return super.read(b, off, len);
                        }

                        @Override
                        public void close() throws IOException {
                            if (counted) open.decrementAndGet();
                            super.close();
                        }
                    }, MailClass.SPAM, n, e -> { throw new AssertionError("unreadable", e); });
                }
                trainer.finish();
            }
        });
        assertThat(reported).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(most).as("streamed messages read at once").hasValue(1);
        assertTotals(store, new Totals(0, 8));
    }

    /** The start of a streamed message as its reader read it: enough to tell it is mail. */
    private static byte[] start(int n) {
        return java.util.Arrays.copyOf(message(n), 20);
    }

    /** Whether the others came within 10 seconds. */
    private static boolean meet(CountDownLatch others) {
        try {
            return others.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void refusesNonsenseSizes() {
        InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION);
        Learner learner = new Learner(store, CLOCK);
        assertThatThrownBy(() -> new BatchTrainer<Integer>(store, learner, preparer, LearnSource.MANUAL, 0, 1, (t, o) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchTrainer<Integer>(store, learner, preparer, LearnSource.MANUAL, 1, 0, (t, o) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A trainer of {@code store} with the usual learner and preparer, messages learned by hand. */
    private BatchTrainer<Integer> trainer(TokenStore store, int batchSize, int threads, BatchTrainer.Outcomes<Integer> outcomes) {
        return new BatchTrainer<>(store, new Learner(store, CLOCK), preparer, LearnSource.MANUAL, batchSize, threads, outcomes);
    }

    /** Outcomes kept in {@code reported}, in the order told. */
    private static BatchTrainer.Outcomes<Integer> into(List<Reported> reported) {
        return (tag, outcome) -> reported.add(new Reported(tag, outcome));
    }

    /** A store that learned {@link #message}s {@code ns}, each of {@link #classOf} its number, one by one. */
    private InMemoryTokenStore learnedOneByOne(int... ns) {
        InMemoryTokenStore store = new InMemoryTokenStore(Tokenizer.VERSION);
        Learner learner = new Learner(store, CLOCK);
        for (int n : ns) learner.learn(preparer.prepare(message(n), false), classOf(n), LearnSource.MANUAL);
        return store;
    }

    private static void assertTotals(TokenStore store, Totals expected) {
        try (ReadView v = store.read()) {
            assertThat(v.totals()).isEqualTo(expected);
        }
    }

    private static void assertSameContents(TokenStore a, TokenStore b) {
        List<String> left = new ArrayList<>();
        List<String> right = new ArrayList<>();
        try (ReadView va = a.read(); ReadView vb = b.read()) {
            assertThat(va.totals()).isEqualTo(vb.totals());
            va.forEachToken((token, counts) -> left.add(token + ":" + counts));
            vb.forEachToken((token, counts) -> right.add(token + ":" + counts));
        }
        assertThat(left).isNotEmpty().containsExactlyInAnyOrderElementsOf(right);
    }
}
