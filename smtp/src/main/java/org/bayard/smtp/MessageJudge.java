package org.bayard.smtp;

import static org.bayard.smtp.FailureReplies.TEMPORARY_FAILURE;

import java.io.IOException;

/**
 * Decides what becomes of a message received whole: the gate's own refusals first (a spool that
 * failed, bare line ends, past the size limit, a mail loop), then the filter's decision, for a
 * message past what we scan (after the queue) its decision on the unscanned message. A filter that
 * fails is a 451, never a 5xx. It exists so that the session's DATA reads as receive, decide,
 * act, reply, and the order of these checks is in one place.
 */
final class MessageJudge {
    /** Enough header to hold 51 Received fields of the longest usual kind (about 300 bytes each). */
    private static final int HEAD_FOR_HOPS = 65536;

    private final SmtpSettings settings;
    private final MessageFilter filter;

    MessageJudge(SmtpSettings settings, MessageFilter filter) {
        this.settings = settings;
        this.filter = filter;
    }

    /**
     * The decision on {@code message}, framed by {@code decoder} to its end, for {@code env}. An
     * {@link IOException} is reading the message's head from the spool, which ends the session.
     */
    FilterResult judge(Envelope env, SpillBuffer message, MessageFraming decoder) throws IOException {
        if (message.storageFailure() != null) {
            // the spool is full or gone: the client keeps the message and retries later
            return new FilterResult.Refuse(Reply.of(452, "4.3.1 insufficient system storage; try again later"),
                    "spool-error: " + message.storageFailure().getMessage());
        }
        if (decoder.bareNewline()) {
            return new FilterResult.Refuse(Reply.of(550, "5.5.2 bare CR or LF in message; lines must end with CR LF"), "bare-newline");
        }
        if (decoder.overflow()) {
            return new FilterResult.Refuse(Reply.of(552, "5.3.4 message size exceeds fixed limit"), "too-big");
        }
        if (HopCount.of(message.head(HEAD_FOR_HOPS)) > HopCount.LIMIT) {
            return new FilterResult.Refuse(Reply.of(554, "5.4.0 too many hops (more than " + HopCount.LIMIT
                    + " Received fields): a mail loop"), "loop");
        }
        // after the queue only (before it the decoder stops at our limit): passed on unscanned
        boolean unscanned = message.size() > settings.maxMessageBytes();
        try {
            return unscanned ? filter.unscanned(env, message, settings.maxMessageBytes()) : filter.filter(env, message);
        } catch (Exception | LinkageError | StackOverflowError e) {
            // An Error too: a class that would not load (a jar replaced under the running gate)
            // ended the session with no reply, and the client could not tell whether the message
            // was taken. Out of memory is not caught: serve ends at once on it, by its launcher's
            // flag, and its supervisor starts it anew.
            return new FilterResult.Refuse(TEMPORARY_FAILURE, "filter-error: " + e);
        }
    }
}
