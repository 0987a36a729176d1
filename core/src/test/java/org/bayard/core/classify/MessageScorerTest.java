package org.bayard.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.LongFunction;
import org.bayard.core.store.Counts;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.core.train.MessageTokens;
import org.junit.jupiter.api.Test;

/** The scorer looks each token up in the store and scores what it found, whatever the message's size. */
class MessageScorerTest {
    private record Tokens(long[] tokens, LongFunction<String> names) implements MessageTokens {}

    @Test
    void aMessageLongerThanTheFirstBufferIsScoredOnItsStoredCounts() {
        int n = 3000; // more tokens than the scorer's first lookup buffer (1024)
        long[] tokens = new long[n];
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = 1000 + i;
            counts[i] = i % 4 == 0 ? Counts.pack(3, 0) : Counts.pack(0, 1 + i % 7);
        }
        InMemoryTokenStore store = new InMemoryTokenStore(1);
        store.write(w -> {
            for (int i = 0; i < n; i++) w.addCounts(new long[] {tokens[i]}, 1, Counts.ham(counts[i]), Counts.spam(counts[i]));
            w.addTotals(40, 60);
            return null;
        });
        MessageScorer scorer = new MessageScorer(ClassifierParams.DEFAULTS);
        Score expected = new Classifier(ClassifierParams.DEFAULTS).classify(tokens, n, counts, new Totals(40, 60), h -> "t" + h);
        try (ReadView view = store.read()) {
            Score s = scorer.score(new Tokens(tokens, h -> "t" + h), view);
            assertThat(s).usingRecursiveComparison().isEqualTo(expected);
            assertThat(s.tokens()).isEqualTo(n);
            assertThat(s.clues()).hasSize(s.used()).isNotEmpty();
            // and again, smaller, with the grown buffer left over from the long one
            Score one = scorer.score(new Tokens(new long[] {1000}, null), view);
            assertThat(one.used()).isEqualTo(1);
            assertThat(one.verdict()).isEqualTo(Verdict.HAM);
        }
        assertThat(scorer.params()).isEqualTo(ClassifierParams.DEFAULTS);
    }
}
