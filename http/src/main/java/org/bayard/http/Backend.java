package org.bayard.http;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mail side of the HTTP service, supplied by the application: scoring, learning and the
 * quarantine. Ids given to it have already passed {@link Ids#valid}; it must still look them up
 * among the held items and never open anything else. No method takes a server path.
 */
public interface Backend {
    /** A symbol that fired, with its points and a detail for people. */
    record SymbolHit(String name, double score, String detail) {}

    /**
     * A scan result. {@code action} is one of accept, tag, hold, reject for a scored message, or
     * what the gate's lists made of its envelope before any scoring: trap (every recipient is a
     * trap), bypass (every recipient is on the bypass list), blocklisted (the client and sender
     * are); {@code probability} and {@code verdict} are then null and {@code score} 0.
     * {@code bayesNotUsed}: why the Bayes score did not count in the action (the gate's lists
     * decided, the store has learned too little, the store could not answer in time), or null
     * when it did; {@code probability}, {@code verdict} and {@code clues} are the classifier's
     * only when it did, and otherwise null, null and empty, so that no client acts on a score the
     * gate itself did not use (as Rspamd gives no Bayes result while its classifier is not ready).
     * {@code byBayesUnsure}: Bayes' unsure verdict, not the score, chose the action, which is what
     * the dashboard's unsure column counts for the gate's mail too (an unsure verdict under a
     * reject by score chose nothing).
     */
    record CheckResult(String action, double score, double requiredScore, double holdScore, Double probability, String verdict,
                       boolean byBayesUnsure, List<SymbolHit> symbols, List<String> clues, String messageId, String subject,
                       String bayesNotUsed) {}

    /**
     * The envelope a check was given, as Rspamd's request headers carry it: {@code IP}, {@code
     * From}, each {@code Rcpt}. Values are as sent, one char per byte; what was not sent is empty,
     * never guessed (the caller's own address is not the mail's client).
     */
    record Envelope(Optional<String> client, Optional<String> sender, List<String> recipients) {
        public static final Envelope NONE = new Envelope(Optional.empty(), Optional.empty(), List.of());

        public Envelope {
            recipients = List.copyOf(recipients);
        }
    }

    /** An envelope value that is not one (not an IP address, not an address, not UTF-8); the message names the header. */
    final class BadEnvelope extends RuntimeException {
        public BadEnvelope(String message) {
            super(message);
        }
    }

    enum LearnKind { LEARNED, ALREADY_LEARNED, RELEARNED, REFUSED, UNLEARNED, NOT_LEARNED, WRONG_CLASS }

    record LearnResult(LearnKind kind, String describe) {
        public boolean changed() {
            return kind == LearnKind.LEARNED || kind == LearnKind.RELEARNED || kind == LearnKind.UNLEARNED;
        }
    }

    /** One held message as the queue shows it. */
    record Held(String id, Instant received, String from, List<String> rcpt, String subject, double score, String reason) {}

    /**
     * One held message in full, decoded for display (all text; the page escapes it).
     * {@code attachments} and {@code headers} list the first of them; {@code attachmentsNotListed}
     * and {@code headersNotListed} count those past it, so that a cut list is never taken for the whole.
     */
    record HeldView(Held summary, String client, String helo, List<Map.Entry<String, String>> headers, List<SymbolHit> symbols,
                    List<String> clues, String text, Optional<String> html, List<String> attachments, int attachmentsNotListed,
                    int headersNotListed) {}

    /** The store's figures; {@code bytesInUse} is what of {@code bytesOnDisk} holds data (the rest is free pages the store reuses). */
    record StoreSize(long hamMessages, long spamMessages, long tokens, long ledgerEntries, long bytesOnDisk, long bytesInUse) {}

    /**
     * Scores a message as the gate would judge it from this envelope, without acting and without
     * writing anything (a trap's mail is not learned); {@link BadEnvelope} before any scoring.
     */
    CheckResult check(byte[] message, Envelope envelope);

    /**
     * How much of a message {@link #check} looks at; the service keeps no more of a body to
     * check, and reads the rest off unkept (it still counts against the body limit).
     */
    default long checkedBytes() {
        return Long.MAX_VALUE;
    }

    /** mailClass: "spam" or "ham"; source: who decided (api, moderator). */
    LearnResult learn(byte[] message, String mailClass, String source);

    /** Unlearn; when expectedClass is present, only if learned as that class. */
    LearnResult unlearn(byte[] message, Optional<String> expectedClass);

    List<Held> held() throws IOException;

    /** One held item's summary, or empty when there is no such held item. */
    Optional<Held> held(String id) throws IOException;

    /**
     * For an item no longer held that a release delivered though it could not remove its files:
     * what to tell a moderator who decides on it again; empty for any other id.
     */
    default Optional<String> releasedAlready(String id) {
        return Optional.empty();
    }

    Optional<HeldView> view(String id) throws IOException;

    /**
     * The message as received, opened for reading (the caller closes it), or empty when there is
     * no such held item. A stream, not the bytes: each download of a large held message read it
     * whole into the heap, and 16 of 10 MB at once ended the gate.
     */
    Optional<java.io.InputStream> openRaw(String id) throws IOException;

    /**
     * Whether there is such a held item, without reading its message: one larger than the heap
     * was read whole only to say that it was there.
     */
    boolean holds(String id) throws IOException;

    /**
     * A decision found its item taken by another one, under way or just done (two moderators, a
     * double click, the page and the CLI): it did nothing and learned nothing.
     */
    final class Taken extends IOException {
        public Taken(String message) {
            super(message);
        }
    }

    /**
     * A release refused because an earlier one was cut off after sending the item and before the
     * next hop's answer, so that the next hop may have delivered it already; nothing was done or
     * learned. A forced release delivers it regardless.
     */
    final class InDoubt extends IOException {
        public InDoubt(String message) {
            super(message);
        }
    }

    /**
     * Delivers to the next hop (learning it as ham first when asked), saying in the message that
     * {@code moderator} released it {@code via} the page or the API; throws {@link Taken} when another decision has the item,
     * {@link InDoubt} when an earlier release may have delivered it and {@code force} is false,
     * another IOException when the next hop does not take it.
     */
    String release(String id, boolean learnHam, String moderator, String via, boolean force) throws IOException;

    /**
     * Who released the item, and when, in a release cut off after sending it and before the next
     * hop's answer (so that the next hop may have delivered it); empty for an item not in that doubt.
     */
    Optional<String> releaseInDoubt(String id);

    /** Removes the item (learning it as spam first when asked); {@link Taken} as for {@link #release}. */
    String discard(String id, boolean learnSpam) throws IOException;

    StoreSize storeSize();

    /**
     * What keeps the service from part of its job now, for {@code /health}: each in words that
     * name no path (the endpoint asks no credentials), and whether mail is refused for it.
     */
    record Trouble(String what, boolean refusesMail) {}

    /** The troubles now; empty when all is well. Cheap: a monitor may ask every few seconds. */
    List<Trouble> troubles();

    /**
     * Why the policy gives Bayes no weight now: the store has learned fewer ham or spam than its
     * training minimum ({@code 5 ham and 3 spam learned, 200 of each needed}); empty when it counts.
     */
    default Optional<String> bayesNotUsed() {
        return Optional.empty();
    }

    /** When the certificate the SMTP gate's STARTTLS presents expires; empty when it offers no STARTTLS. */
    default Optional<Instant> startTlsExpires() {
        return Optional.empty();
    }

    /** A blocklist entry: the gate refuses this sender from this client until it expires; sender "" is the null sender. */
    record Blocked(String client, String sender, Instant expires) {}

    /** The live entries of the gate's sender blocklist, soonest expiry first. */
    List<Blocked> blocklist() throws IOException;

    /**
     * Adds or extends an entry, for {@code hours} or else the gate's configured time; an
     * IllegalArgumentException names what is wrong with the client, sender or hours.
     */
    Blocked block(String client, String sender, Optional<Double> hours) throws IOException;

    /** Removes an entry; false when there was none. IllegalArgumentException as for {@link #block}. */
    boolean unblock(String client, String sender) throws IOException;
}
