package org.bayard.core.mail;

/**
 * Receives what {@link MailReader} finds in a message, in order, as it streams through it.
 * Implementations must not throw: the reader feeds them hostile input.
 */
public interface MailVisitor {

    /**
     * A header field, unfolded, with RFC 2047 encoded words decoded.
     *
     * @param depth 0 for the top-level message, 1 and more inside parts and attached messages
     */
    void header(String name, String value, int depth);

    /** Starts a MIME part (the top-level message is a part too). */
    void part(PartInfo part);

    /** Decoded text of a text part, or text extracted from HTML. May be called several times per part. */
    void text(CharSequence text, TextOrigin origin);

    /** A link or bare URL found in text or HTML. */
    void url(String url);

    /** Something unusual about the message's structure or encoding, as a short code such as {@code depth-limit}. */
    void anomaly(String code);
}
