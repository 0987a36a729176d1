package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.store.Digest;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.core.train.TrainToExhaustion.Ending;
import org.bayard.core.train.TrainToExhaustion.Miss;
import org.bayard.core.train.TrainToExhaustion.Round;
import org.junit.jupiter.api.Test;

class TrainToExhaustionTest {
    private final InMemoryTokenStore model = new InMemoryTokenStore(1);
    private final Learner learner = new Learner(model, Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));
    private final AtomicLong clock = new AtomicLong();
    private final TrainToExhaustion tte = new TrainToExhaustion(new MessageScorer(ClassifierParams.SPAMBAYES),
            () -> clock.addAndGet(1_500_000_000L));
    private final List<Round> reported = new ArrayList<>();
    private long nextId;

    /** A message with the shared tokens of its kind plus two of its own. */
    private PreparedMessage message(long... shared) {
        long id = ++nextId;
        long[] tokens = LongStream.concat(LongStream.of(shared), LongStream.of(1_000_000 + 2 * id, 1_000_001 + 2 * id)).toArray();
        return new PreparedMessage(new MessageIdentity(new Digest(7, id), "<" + id + "@test>"), tokens, null);
    }

    private List<PreparedMessage> pile(int n, long... shared) {
        List<PreparedMessage> pile = new ArrayList<>();
        for (int i = 0; i < n; i++) pile.add(message(shared));
        return pile;
    }

    private static final long[] HAM_WORDS = {1, 2, 3, 4, 5, 6};
    private static final long[] SPAM_WORDS = {101, 102, 103, 104, 105, 106};

    @Test
    void separablePilesConvergeAndTheModelHoldsOnlyTheTrainedMessages() {
        List<PreparedMessage> ham = pile(30, HAM_WORDS);
        List<PreparedMessage> spam = pile(10, SPAM_WORDS);
        TrainToExhaustion.Result r = tte.run(ham, spam, model, learner, 10, reported::add);

        assertThat(r.ending()).isEqualTo(Ending.CONVERGED);
        assertThat(r.last().misses()).isEmpty();
        assertThat(reported).isEqualTo(r.rounds());
        Round first = r.rounds().get(0);
        assertThat(first.messages()).isEqualTo(40);
        assertThat(first.hamMisses()).isPositive().isLessThan(30);
        assertThat(first.spamMisses()).isPositive().isLessThan(10);
        assertThat(first.seconds()).isEqualTo(1.5);
        int trained = r.trainedHam().cardinality() + r.trainedSpam().cardinality();
        assertThat(r.rounds().stream().mapToInt(Round::trained).sum()).isEqualTo(trained);
        try (ReadView v = model.read()) {
            assertThat(v.totals()).isEqualTo(new Totals(r.trainedHam().cardinality(), r.trainedSpam().cardinality()));
            for (int i = 0; i < ham.size(); i++) {
                assertThat(v.ledgerEntry(ham.get(i).identity().digest()).isPresent()).isEqualTo(r.trainedHam().get(i));
            }
        }
    }

    @Test
    void aMessageThatStillMissesAfterItsOneTrainingStallsTheRunInsteadOfLoopingToTheLimit() {
        List<PreparedMessage> ham = new ArrayList<>(pile(5, HAM_WORDS));
        ham.add(message(SPAM_WORDS)); // ham that looks exactly like the spam
        List<PreparedMessage> spam = pile(20, SPAM_WORDS);
        TrainToExhaustion.Result r = tte.run(ham, spam, model, learner, 10, reported::add);

        assertThat(r.ending()).isEqualTo(Ending.STALLED);
        assertThat(r.rounds().size()).isLessThan(10);
        assertThat(r.last().trained()).isZero();
        assertThat(r.last().misses()).isNotEmpty().allMatch(Miss::trainedBefore)
                .contains(new Miss(MailClass.HAM, 5, true));
    }

    @Test
    void theRoundLimitEndsARunThatIsStillTraining() {
        TrainToExhaustion.Result r = tte.run(pile(30, HAM_WORDS), pile(10, SPAM_WORDS), model, learner, 1, reported::add);
        assertThat(r.ending()).isEqualTo(Ending.ROUND_LIMIT);
        assertThat(r.rounds()).hasSize(1);
    }

    @Test
    void theSameMessageInBothPilesIsRefusedBeforeAnythingIsTrained() {
        PreparedMessage twice = message(HAM_WORDS);
        assertThatThrownBy(() -> tte.run(List.of(twice), List.of(twice), model, learner, 10, reported::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ham 0 and spam 0");
        assertThat(model.stats().ledgerEntries()).isZero();
    }
}
