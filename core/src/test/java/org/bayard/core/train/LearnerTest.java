package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Digest;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.core.train.LearnOutcome.Kind;
import org.junit.jupiter.api.Test;

class LearnerTest {
    private final InMemoryTokenStore store = new InMemoryTokenStore(1);
    private final Learner learner = new Learner(store, Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC));
    private final PreparedMessage message = message(1, 10, 11, 12);
    private final PreparedMessage other = message(2, 11, 13);

    private static PreparedMessage message(long id, long... tokens) {
        return new PreparedMessage(new MessageIdentity(new Digest(0, id), "<" + id + "@x>"), tokens, null);
    }

    private record Snapshot(Totals totals, long c10, long c11, long c12, long c13) {}

    private Snapshot snapshot() {
        try (ReadView v = store.read()) {
            long[] out = new long[4];
            v.lookup(new long[] {10, 11, 12, 13}, 4, out);
            return new Snapshot(v.totals(), out[0], out[1], out[2], out[3]);
        }
    }

    @Test
    void learningTheSameMessageTwiceChangesNothing() {
        assertThat(learner.learn(message, MailClass.SPAM, LearnSource.MANUAL).kind()).isEqualTo(Kind.LEARNED);
        Snapshot once = snapshot();
        LearnOutcome again = learner.learn(message, MailClass.SPAM, LearnSource.MANUAL);
        assertThat(again.kind()).isEqualTo(Kind.ALREADY_LEARNED);
        assertThat(again.describe()).isEqualTo("already learned");
        assertThat(snapshot()).isEqualTo(once);
        assertThat(once.totals()).isEqualTo(new Totals(0, 1));
        assertThat(once.c10()).isEqualTo(Counts.pack(0, 1));
    }

    @Test
    void relearningIntoOtherClassUnlearnsFirst() {
        learner.learn(message, MailClass.SPAM, LearnSource.MANUAL);
        LearnOutcome moved = learner.learn(message, MailClass.HAM, LearnSource.MANUAL);
        assertThat(moved.kind()).isEqualTo(Kind.RELEARNED);
        assertThat(moved.describe()).isEqualTo("relearned (was spam)");
        Snapshot s = snapshot();
        assertThat(s.totals()).isEqualTo(new Totals(1, 0));
        assertThat(s.c10()).isEqualTo(Counts.pack(1, 0));
        try (ReadView v = store.read()) {
            assertThat(v.ledgerEntry(message.identity().digest()).orElseThrow().mailClass()).isEqualTo(MailClass.HAM);
        }
    }

    @Test
    void forgetRestoresTheCountsFromBefore() {
        learner.learn(other, MailClass.HAM, LearnSource.MANUAL);
        Snapshot before = snapshot();
        learner.learn(message, MailClass.SPAM, LearnSource.MANUAL);
        assertThat(snapshot()).isNotEqualTo(before);
        LearnOutcome forgotten = learner.unlearn(message, Optional.empty());
        assertThat(forgotten.kind()).isEqualTo(Kind.UNLEARNED);
        assertThat(snapshot()).isEqualTo(before);
        try (ReadView v = store.read()) {
            assertThat(v.ledgerEntry(message.identity().digest())).isEmpty();
        }
    }

    @Test
    void unlearningAnUnknownMessageSaysSoAndChangesNothing() {
        learner.learn(other, MailClass.HAM, LearnSource.MANUAL);
        Snapshot before = snapshot();
        assertThat(learner.unlearn(message, Optional.empty()).kind()).isEqualTo(Kind.NOT_LEARNED);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void unlearningWithTheWrongClassIsRefused() {
        learner.learn(message, MailClass.SPAM, LearnSource.MANUAL);
        Snapshot before = snapshot();
        LearnOutcome o = learner.unlearn(message, Optional.of(MailClass.HAM));
        assertThat(o.kind()).isEqualTo(Kind.WRONG_CLASS);
        assertThat(o.describe()).contains("learned as spam");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void autolearnNeverOverridesAPersonsDecision() {
        learner.learn(message, MailClass.HAM, LearnSource.MODERATOR);
        Snapshot before = snapshot();
        LearnOutcome o = learner.learn(message, MailClass.SPAM, LearnSource.AUTOLEARN);
        assertThat(o.kind()).isEqualTo(Kind.REFUSED);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aPersonConfirmingAnAutolearnedMessageLocksIt() {
        learner.learn(message, MailClass.SPAM, LearnSource.AUTOLEARN);
        learner.learn(message, MailClass.SPAM, LearnSource.TRAP);
        assertThat(learner.learn(message, MailClass.HAM, LearnSource.AUTOLEARN).kind()).isEqualTo(Kind.REFUSED);
        try (ReadView v = store.read()) {
            assertThat(v.ledgerEntry(message.identity().digest()).orElseThrow().source()).isEqualTo(LearnSource.TRAP);
        }
    }

    /**
     * changed() is what the tallies count (the trap's "learned", the learn metrics): it must say
     * whether the counts moved, outcome by outcome, as the snapshots see it.
     */
    @Test
    void changedSaysWhetherTheCountsMoved() {
        assertChanged(() -> learner.learn(message, MailClass.SPAM, LearnSource.AUTOLEARN), true);   // learned
        assertChanged(() -> learner.learn(message, MailClass.SPAM, LearnSource.AUTOLEARN), false);  // already learned
        assertChanged(() -> learner.learn(message, MailClass.HAM, LearnSource.MODERATOR), true);    // relearned
        assertChanged(() -> learner.learn(message, MailClass.SPAM, LearnSource.AUTOLEARN), false);  // refused
        assertChanged(() -> learner.unlearn(message, Optional.of(MailClass.SPAM)), false);          // wrong class
        assertChanged(() -> learner.unlearn(message, Optional.empty()), true);                      // unlearned
        assertChanged(() -> learner.unlearn(message, Optional.empty()), false);                     // not learned
    }

    private void assertChanged(java.util.function.Supplier<LearnOutcome> step, boolean expected) {
        Snapshot before = snapshot();
        LearnOutcome o = step.get();
        assertThat(!snapshot().equals(before)).as("counts moved on %s", o.kind()).isEqualTo(expected);
        assertThat(o.changed()).as("changed() on %s", o.kind()).isEqualTo(expected);
    }
}
