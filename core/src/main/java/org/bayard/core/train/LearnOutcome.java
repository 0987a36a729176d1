package org.bayard.core.train;

import java.util.Optional;
import org.bayard.core.store.MailClass;

/**
 * What learning or unlearning one message did, in the words {@code bayard learn -v} prints.
 *
 * @param previous the class the ledger held before, if any
 * @param problem for {@link Kind#NOT_MAIL}, why the bytes are not a mail message; else empty
 */
public record LearnOutcome(Kind kind, Optional<MailClass> previous, String problem) {

    public enum Kind {
        LEARNED, ALREADY_LEARNED, RELEARNED, REFUSED, UNLEARNED, NOT_LEARNED, WRONG_CLASS,
        /** Not learned because the bytes are not a mail message (an empty file, say); the store is untouched. */
        NOT_MAIL
    }

    public LearnOutcome(Kind kind, Optional<MailClass> previous) {
        this(kind, previous, "");
    }

    static LearnOutcome of(Kind kind) {
        return new LearnOutcome(kind, Optional.empty());
    }

    static LearnOutcome of(Kind kind, MailClass previous) {
        return new LearnOutcome(kind, Optional.of(previous));
    }

    static LearnOutcome notMail(String problem) {
        return new LearnOutcome(Kind.NOT_MAIL, Optional.empty(), problem);
    }

    /** True when counts changed. */
    public boolean changed() {
        return kind == Kind.LEARNED || kind == Kind.RELEARNED || kind == Kind.UNLEARNED;
    }

    /**
     * What {@code describe} says of a message not in the ledger when the store counts messages
     * that have no entry (pruned by age, or imported with their overlap allowed): it may be one of
     * them, still counted, which a bare "not learned" read as nothing to do.
     */
    public static final String NOT_IN_LEDGER = "not learned: not in the ledger (never learned, or its entry was pruned: then it stays counted)";

    /** As {@link #describe()}, on a store that counts messages without a ledger entry when {@code entriesLost}. */
    public String describe(boolean entriesLost) {
        return entriesLost && kind == Kind.NOT_LEARNED ? NOT_IN_LEDGER : describe();
    }

    public String describe() {
        String was = previous.map(c -> c.label()).orElse("?");
        return switch (kind) {
            case LEARNED -> "learned";
            case ALREADY_LEARNED -> "already learned";
            case RELEARNED -> "relearned (was " + was + ")";
            case REFUSED -> "refused (a person decided " + was + ")";
            case UNLEARNED -> "unlearned (was " + was + ")";
            case NOT_LEARNED -> "not learned";
            case WRONG_CLASS -> "not unlearned (learned as " + was + ")";
            case NOT_MAIL -> "not learned (" + problem + ")";
        };
    }
}
