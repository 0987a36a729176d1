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
 * Preparing (tokenizing) happens before the transaction, as everywhere. {@link #learnAll} puts
 * several trap messages in one transaction, for a backlog of reports: a commit per report cost
 * its page writes and fsync (about 20 ms here).
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
        return learnAll(List.of(trapMessage), mailClass).get(0);
    }

    /**
     * Learns several trap messages in one store transaction, in order (a message attached to two
     * of them is learned once, then already known, as one by one); the results of each trap
     * message, in the order given. If the store fails, none of them is learned.
     */
    public List<List<Result>> learnAll(List<byte[]> trapMessages, MailClass mailClass) {
        List<TrapItem> items = new ArrayList<>();
        List<Integer> firstItem = new ArrayList<>(trapMessages.size() + 1);
        for (byte[] trapMessage : trapMessages) {
            firstItem.add(items.size());
            items.addAll(extractor.extract(trapMessage));
        }
        firstItem.add(items.size());
        List<PreparedMessage> prepared = new ArrayList<>(items.size());
        for (TrapItem item : items) prepared.add(item.refused() ? null : preparer.prepare(item.message(), false));
        List<LearnOutcome> outcomes = prepared.stream().allMatch(Objects::isNull)
                ? java.util.Collections.nCopies(items.size(), null)
                : store.write(view -> {
            List<LearnOutcome> out = new ArrayList<>(items.size());
            for (PreparedMessage p : prepared) out.add(p == null ? null : learner.learn(view, p, mailClass, LearnSource.TRAP));
            return out;
        });
        List<List<Result>> results = new ArrayList<>(trapMessages.size());
        for (int m = 0; m < trapMessages.size(); m++) {
            List<Result> ofMessage = new ArrayList<>();
            for (int i = firstItem.get(m); i < firstItem.get(m + 1); i++) {
                PreparedMessage p = prepared.get(i);
                ofMessage.add(new Result(items.get(i), p == null ? "" : p.identity().messageId(), outcomes.get(i)));
            }
            results.add(ofMessage);
        }
        return results;
    }
}
