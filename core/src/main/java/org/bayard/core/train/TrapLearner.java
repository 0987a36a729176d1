package org.bayard.core.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.TokenStore;

/**
 * Learns what was sent to a spam or ham trap: each message {@link TrapExtractor} finds is
 * learned on its own through the ledger, with source {@link LearnSource#TRAP}. So a report sent
 * twice learns nothing the second time, and a message reported to the other trap moves class.
 *
 * <p>All the messages of one trap message are learned in one store transaction: either all of
 * its good parts are learned or, if the store fails, none is. Refused parts change nothing.
 * Preparing (tokenizing) happens before the transaction, as everywhere.
 */
public final class TrapLearner {
    private final TrapExtractor extractor;
    private final MessagePreparer preparer;
    private final TokenStore store;
    private final Learner learner;

    /** What became of one part. {@code outcome} is null when the part was refused. */
    public record Result(TrapItem item, String messageId, LearnOutcome outcome) {
        public boolean refused() {
            return outcome == null;
        }
    }

    public TrapLearner(TrapExtractor extractor, MessagePreparer preparer, TokenStore store, Learner learner) {
        this.extractor = Objects.requireNonNull(extractor);
        this.preparer = Objects.requireNonNull(preparer);
        this.store = Objects.requireNonNull(store);
        this.learner = Objects.requireNonNull(learner);
    }

    public List<Result> learn(byte[] trapMessage, MailClass mailClass) {
        List<TrapItem> items = extractor.extract(trapMessage);
        List<PreparedMessage> prepared = new ArrayList<>(items.size());
        for (TrapItem item : items) prepared.add(item.refused() ? null : preparer.prepare(item.message(), false));
        List<LearnOutcome> outcomes = prepared.stream().allMatch(Objects::isNull)
                ? java.util.Collections.nCopies(items.size(), null)
                : store.write(view -> {
            List<LearnOutcome> out = new ArrayList<>(items.size());
            for (PreparedMessage p : prepared) out.add(p == null ? null : learner.learn(view, p, mailClass, LearnSource.TRAP));
            return out;
        });
        List<Result> results = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            PreparedMessage p = prepared.get(i);
            results.add(new Result(items.get(i), p == null ? "" : p.identity().messageId(), outcomes.get(i)));
        }
        return results;
    }
}
