package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.bayard.core.store.Counts;
import org.bayard.core.store.Digest;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.junit.jupiter.api.Test;

class ModelReplacementTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC);

    private static PreparedMessage message(long id, long... tokens) {
        return new PreparedMessage(new MessageIdentity(new Digest(1, id), "<" + id + "@x>"), tokens, null);
    }

    private static Map<Long, Long> counts(InMemoryTokenStore store) {
        Map<Long, Long> all = new HashMap<>();
        try (ReadView v = store.read()) {
            v.forEachToken(all::put);
        }
        return all;
    }

    @Test
    void theTargetEndsUpHoldingExactlyTheNewModelAndItsLedger() {
        InMemoryTokenStore live = new InMemoryTokenStore(1);
        Learner old = new Learner(live, CLOCK);
        old.learn(message(1, 10, 11), MailClass.SPAM, LearnSource.MODERATOR);
        old.learn(message(2, 11, 12, 13), MailClass.HAM, LearnSource.MANUAL);
        InMemoryTokenStore fresh = new InMemoryTokenStore(1);
        Learner learner = new Learner(fresh, CLOCK);
        learner.learn(message(3, 11, 20), MailClass.HAM, LearnSource.MANUAL);
        learner.learn(message(4, 20, 21), MailClass.SPAM, LearnSource.MANUAL);

        ModelReplacement.Swap swap = ModelReplacement.replace(fresh, live);

        assertThat(swap.before()).isEqualTo(new Totals(1, 1));
        assertThat(swap.tokensBefore()).isEqualTo(4);
        assertThat(swap.after()).isEqualTo(new Totals(1, 1));
        assertThat(counts(live)).isEqualTo(counts(fresh))
                .containsEntry(20L, Counts.pack(1, 1)).containsEntry(11L, Counts.pack(1, 0)).doesNotContainKey(10L);
        try (ReadView v = live.read()) {
            assertThat(v.ledgerEntry(new Digest(1, 1))).isEmpty();
            assertThat(v.ledgerEntry(new Digest(1, 4)).orElseThrow().mailClass()).isEqualTo(MailClass.SPAM);
            assertThat(v.totals()).isEqualTo(new Totals(1, 1));
        }
    }

    @Test
    void aViewOpenedBeforeTheSwapStillSeesTheWholeOldModel() {
        InMemoryTokenStore live = new InMemoryTokenStore(1);
        new Learner(live, CLOCK).learn(message(1, 10, 11), MailClass.SPAM, LearnSource.MANUAL);
        InMemoryTokenStore fresh = new InMemoryTokenStore(1);
        new Learner(fresh, CLOCK).learn(message(2, 12), MailClass.HAM, LearnSource.MANUAL);
        try (ReadView before = live.read()) {
            ModelReplacement.replace(fresh, live);
            assertThat(before.totals()).isEqualTo(new Totals(0, 1));
            assertThat(before.ledgerEntry(new Digest(1, 1))).isPresent();
        }
        try (ReadView after = live.read()) {
            assertThat(after.totals()).isEqualTo(new Totals(1, 0));
        }
    }

    /** What another process learned between tte's look at the store and its swap is not thrown away by fill. */
    @Test
    void fillRefusesATargetThatHoldsAModelAndChangesNothing() {
        InMemoryTokenStore live = new InMemoryTokenStore(1);
        new Learner(live, CLOCK).learn(message(1, 10, 11), MailClass.SPAM, LearnSource.MANUAL);
        Map<Long, Long> before = counts(live);
        InMemoryTokenStore fresh = new InMemoryTokenStore(1);
        new Learner(fresh, CLOCK).learn(message(2, 12), MailClass.HAM, LearnSource.MANUAL);
        assertThatThrownBy(() -> ModelReplacement.fill(fresh, live)).isInstanceOfSatisfying(ModelReplacement.TargetNotEmpty.class,
                e -> assertThat(e.totals()).isEqualTo(new Totals(0, 1)));
        assertThat(counts(live)).isEqualTo(before);
        try (ReadView v = live.read()) {
            assertThat(v.totals()).isEqualTo(new Totals(0, 1));
            assertThat(v.ledgerEntry(new Digest(1, 1))).isPresent();
        }
        ModelReplacement.Swap swap = ModelReplacement.fill(fresh, new InMemoryTokenStore(1));
        assertThat(swap.after()).isEqualTo(new Totals(1, 0));
    }

    @Test
    void aModelFromAnotherTokenizerVersionIsRefused() {
        assertThatThrownBy(() -> ModelReplacement.replace(new InMemoryTokenStore(2), new InMemoryTokenStore(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tokenizer version 2");
    }

    @Test
    void aStoreCannotReplaceItself() {
        InMemoryTokenStore store = new InMemoryTokenStore(1);
        assertThatThrownBy(() -> ModelReplacement.replace(store, store))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a store cannot replace itself");
    }
}
