package org.bayard.spamd;

import java.util.List;

/**
 * The mail side of the spamd front door, supplied by the application: how a message scores,
 * the message with the result's header fields, and learning. Called from many connections at
 * once.
 */
public interface SpamdBackend {
    /** A rule that fired, with its points and a description for the report. */
    record Rule(String name, double points, String description) {}

    /** A header field a scan writes into the message it marks. */
    record Field(String name, String value) {}

    /**
     * A scan's result as spamd gives it: {@code spam} is the answer's {@code True} or {@code False}
     * (spamc -c exits 1 on it), {@code required} the threshold written after the score;
     * {@code fields} are what {@link #marked} writes into the message.
     */
    record Scan(boolean spam, double score, double required, List<Rule> rules, List<Field> fields) {
        public Scan {
            rules = List.copyOf(rules);
            fields = List.copyOf(fields);
        }
    }

    /**
     * Scores {@code message}, which is the whole message or, past {@link #scannedBytes}, its start;
     * writes nothing.
     */
    Scan scan(byte[] message);

    /**
     * How much of a message {@link #scan} looks at: the door keeps no more of a message it only
     * scores, and reads the rest off unkept.
     */
    long scannedBytes();

    /**
     * The message with the scan's {@link Scan#fields} in place of any such fields it had
     * ({@code PROCESS}; {@code HEADERS} answers its header block).
     */
    byte[] marked(byte[] message, Scan scan);

    /** What a TELL did: whether the message was learned as its class, or taken out of the store. */
    record Told(boolean set, boolean removed) {}

    /**
     * Learns the message as {@code mailClass} ("spam" or "ham") when {@code set}, or takes it out of
     * the store when {@code remove}; throws {@link Unavailable} when the store cannot do it now.
     */
    Told tell(byte[] message, String mailClass, boolean set, boolean remove) throws Unavailable, Refused;

    /** A message the store will not learn (it is not mail); the message says why. Asking again gets the same. */
    final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    /** A request the backend cannot serve now; the message says why, and the client may ask again. */
    final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }
}
