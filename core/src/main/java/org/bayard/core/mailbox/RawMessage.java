package org.bayard.core.mailbox;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The bytes of one message and a name for it that a person can find again.
 *
 * <p>The array is handed over, not copied: a reader allocates it once per message and nobody
 * else holds it. Callers must not modify it if they pass the message on.
 *
 * @param origin where the message came from, for humans only (never for scoring): {@code path}
 *     for a file holding one message, {@code path#7} for the 7th message of an mbox (counted
 *     from 1), {@code <stdin>} for standard input
 * @param bytes the message as stored, except for what {@link MboxReader} documents
 * @param anomalies what went wrong while reading it; empty for a clean read
 */
public record RawMessage(String origin, byte[] bytes, Set<Anomaly> anomalies) {

    /** Something a caller may want to warn about; the message is yielded regardless. */
    public enum Anomaly {
        /** The message was longer than the reader's limit; {@code bytes} holds its first part. */
        TRUNCATED,
        /**
         * The last message of an mbox ended without a final newline, which is how a mailbox
         * looks when a writer died or a copy stopped half way.
         */
        UNTERMINATED,
        /**
         * An MMDF mailbox ended inside this message, before its closing delimiter: a copy that
         * stopped half way, or a delivery cut short.
         */
        UNCLOSED,
        /**
         * Standard input, always one message, began with an mbox {@code From } line and had
         * another after a blank line, or began with an MMDF delimiter line: most likely a
         * mailbox piped in ({@code cat spam.mbox | bayard learn --spam -}), which is then one
         * message of many messages' words (and MMDF's delimiters).
         */
        MAILBOX_ON_STDIN
    }

    public RawMessage {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(bytes, "bytes");
        anomalies = Set.copyOf(anomalies);
    }

    public RawMessage(String origin, byte[] bytes) {
        this(origin, bytes, Set.of());
    }

    public boolean has(Anomaly anomaly) {
        return anomalies.contains(anomaly);
    }

    // Records compare arrays by identity; two reads of the same message should be equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof RawMessage m
                && origin.equals(m.origin) && Arrays.equals(bytes, m.bytes) && anomalies.equals(m.anomalies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, Arrays.hashCode(bytes), anomalies);
    }

    @Override
    public String toString() {
        return "RawMessage[" + origin + ", " + bytes.length + " bytes" + (anomalies.isEmpty() ? "" : ", " + anomalies) + "]";
    }
}
