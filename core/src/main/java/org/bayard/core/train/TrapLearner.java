package org.bayard.core.train;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
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

    /**
     * What became of one part: where it was, why it was refused (empty when it was not), its
     * Message-ID, and {@code outcome}, null when the part was refused.
     */
    public record Result(String where, String problem, String messageId, LearnOutcome outcome) {
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
     * Learns a trap message read from {@code source}, which may be far larger than the heap: each
     * message in it is prepared as it is found, and only its features are kept for the store.
     *
     * @throws IOException if the source cannot be read; nothing is learned then
     */
    public List<Result> learn(TrapExtractor.Source source, MailClass mailClass) throws IOException {
        return store(prepare(source), mailClass);
    }

    /**
     * The messages of a trap message, found and prepared but not yet learned: for a caller that
     * may have to put the store's write off until after {@code source} is gone.
     */
    public Prepared prepare(TrapExtractor.Source source) throws IOException {
        List<Part> parts = new ArrayList<>();
        extractor.extract(source, item -> parts.add(prepared(item)));
        return new Prepared(parts);
    }

    /** Learns what {@link #prepare} found, in one store transaction. */
    public List<Result> store(Prepared prepared, MailClass mailClass) {
        return store(List.of(prepared.parts), mailClass).get(0);
    }

    /** A trap message's parts with their features, not their bytes. */
    public static final class Prepared {
        private final List<Part> parts;

        private Prepared(List<Part> parts) {
            this.parts = List.copyOf(parts);
        }

        /** About what it holds in the heap: the features of each part. */
        public long heldBytes() {
            long bytes = 0;
            for (Part p : parts) bytes += 64 + (p.prepared() == null ? 0 : 8L * p.prepared().tokens().length);
            return bytes;
        }
    }

    /**
     * Learns several trap messages in one store transaction, in order (a message attached to two
     * of them is learned once, then already known, as one by one); the results of each trap
     * message, in the order given. If the store fails, none of them is learned.
     */
    public List<List<Result>> learnAll(List<byte[]> trapMessages, MailClass mailClass) {
        List<List<Part>> parts = new ArrayList<>(trapMessages.size());
        for (byte[] trapMessage : trapMessages) {
            List<Part> ofMessage = new ArrayList<>();
            try {
                extractor.extract(() -> new ByteArrayInputStream(trapMessage), item -> ofMessage.add(prepared(item)));
            } catch (IOException e) {
                throw new UncheckedIOException("a byte array cannot fail to read", e);
            }
            parts.add(ofMessage);
        }
        return store(parts, mailClass);
    }

    /** A part found, with its features but not its bytes: a report of many large messages holds one at a time. */
    private record Part(String where, String problem, PreparedMessage prepared) {}

    private Part prepared(TrapItem item) {
        if (item.refused()) return new Part(item.where(), item.problem(), null);
        return new Part(item.where(), "", preparer.prepare(item.message(), item.identity()));
    }

    /** Preparing (tokenizing) happens before the transaction, as everywhere; then all in one. */
    private List<List<Result>> store(List<List<Part>> trapMessages, MailClass mailClass) {
        List<Part> all = trapMessages.stream().flatMap(List::stream).toList();
        List<LearnOutcome> outcomes = all.stream().allMatch(p -> p.prepared() == null)
                ? Collections.nCopies(all.size(), null)
                : store.write(view -> {
            List<LearnOutcome> out = new ArrayList<>(all.size());
            for (Part p : all) out.add(p.prepared() == null ? null : learner.learn(view, p.prepared(), mailClass, LearnSource.TRAP));
            return out;
        });
        List<List<Result>> results = new ArrayList<>(trapMessages.size());
        int i = 0;
        for (List<Part> ofMessage : trapMessages) {
            List<Result> r = new ArrayList<>(ofMessage.size());
            for (Part p : ofMessage) {
                String messageId = p.prepared() == null ? "" : p.prepared().identity().messageId();
                r.add(new Result(p.where(), p.problem(), messageId, outcomes.get(i++)));
            }
            results.add(r);
        }
        return results;
    }
}
