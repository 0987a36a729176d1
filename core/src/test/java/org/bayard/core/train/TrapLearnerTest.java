package org.bayard.core.train;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bayard.core.train.Forwards.attached;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.store.FailingStore;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.LearnOutcome.Kind;
import org.junit.jupiter.api.Test;

/** Several trap messages learned together: one transaction, the same outcomes as one by one. */
class TrapLearnerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC);
    private static final String ONE = "Message-ID: <one@spam.example>\nSubject: cheap pills\n\nBuy cheap pills now\n";
    private static final String TWO = "Message-ID: <two@spam.example>\nSubject: lottery\n\nYou won the lottery\n";

    private final MessagePreparer preparer = new MessagePreparer(new Tokenizer(MailLimits.DEFAULT), MailLimits.DEFAULT);

    private TrapLearner trapOn(FailingStore store) {
        return new TrapLearner(new TrapExtractor(1 << 20), preparer, store, new Learner(store, CLOCK));
    }

    @Test
    void aBacklogIsLearnedInOneTransactionWithEachReportsOwnResults() {
        FailingStore oneWrite = new FailingStore(1); // a second transaction would fail
        List<byte[]> reports = List.of(Forwards.forward("first", attached(ONE), attached(TWO)),
                ONE.getBytes(US_ASCII), // the same message again, resent whole
                Forwards.forward("empty", attached("")));
        List<List<TrapLearner.Result>> results = trapOn(oneWrite).learnAll(reports, MailClass.SPAM);

        assertThat(results).hasSize(3);
        assertThat(results.get(0)).extracting(r -> r.outcome().kind()).containsExactly(Kind.LEARNED, Kind.LEARNED);
        assertThat(results.get(0)).noneMatch(TrapLearner.Result::refused)
                .extracting(TrapLearner.Result::messageId).containsExactly("<one@spam.example>", "<two@spam.example>");
        assertThat(results.get(1)).noneMatch(TrapLearner.Result::refused);
        assertThat(results.get(1)).extracting(r -> r.outcome().kind()).containsExactly(Kind.ALREADY_LEARNED);
        assertThat(results.get(2)).allMatch(TrapLearner.Result::refused);
        try (ReadView v = oneWrite.inner.read()) {
            assertThat(v.totals()).isEqualTo(new Totals(0, 2));
        }
    }

    @Test
    void aFailedTransactionLearnsNothingOfTheBacklog() {
        FailingStore noWrite = new FailingStore(0);
        List<byte[]> reports = List.of(ONE.getBytes(US_ASCII), TWO.getBytes(US_ASCII));
        assertThatThrownBy(() -> trapOn(noWrite).learnAll(reports, MailClass.SPAM))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full");
        try (ReadView v = noWrite.inner.read()) {
            assertThat(v.totals()).isEqualTo(new Totals(0, 0));
        }
    }
}
