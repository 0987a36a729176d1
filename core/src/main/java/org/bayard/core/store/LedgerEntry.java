package org.bayard.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One learned message: what it was learned as, by whom and when. The ledger makes learning
 * idempotent (the same digest twice is a no-op) and reversible (the entry says which class to
 * take the message out of).
 *
 * @param messageId the Message-ID header, or empty when the message had none
 */
public record LedgerEntry(Digest digest, String messageId, MailClass mailClass, LearnSource source, Instant time) {
    public LedgerEntry {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(mailClass, "mailClass");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
    }
}
