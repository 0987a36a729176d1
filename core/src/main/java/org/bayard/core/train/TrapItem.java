package org.bayard.core.train;

import java.util.Objects;

/**
 * One message a trap found in what it was sent: an attached message, or the whole message when
 * nothing was attached; or the reason such a part cannot be learned.
 *
 * @param where which part, for a receipt: {@code attachment 2 (message/rfc822, base64)} or
 *     {@code whole message}
 * @param message the message's bytes with our own headers removed, up to what learning reads of
 *     them (limits.max-scan-bytes) and one byte more when there is more; {@code null} when refused
 * @param identity the ledger's identity of the whole message, our headers removed; {@code null} when refused
 * @param problem why the part is refused; empty when it can be learned
 */
public record TrapItem(String where, byte[] message, MessageIdentity identity, String problem) {
    public TrapItem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(problem, "problem");
        if ((message == null) == problem.isEmpty() || (message == null) != (identity == null)) {
            throw new IllegalArgumentException("a trap item has either a message or a problem: " + where);
        }
    }

    static TrapItem of(String where, byte[] message, MessageIdentity identity) {
        return new TrapItem(where, message, identity, "");
    }

    static TrapItem refused(String where, String problem) {
        return new TrapItem(where, null, null, problem);
    }

    public boolean refused() {
        return message == null;
    }
}
