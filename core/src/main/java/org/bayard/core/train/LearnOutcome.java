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
