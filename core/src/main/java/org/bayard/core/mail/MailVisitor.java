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

    /** Starts a MIME part (the top-level message is a part too); only up to the part limit. */
    void part(PartInfo part);

    /**
     * The file name of a part that has one (Content-Disposition's {@code filename}, else
     * Content-Type's {@code name}, decoded as in {@link PartInfo#fileName()}), for every part,
     * also past the part limit, where parts are not described: else the limit's worth of empty
     * parts before an attachment would hide its name from whatever judges names. Past the limit
     * a part whose body is empty has no name, as nothing is in it.
     */
    default void attachmentName(String fileName) {}

    /** Decoded text of a text part, or text extracted from HTML. May be called several times per part. */
    void text(CharSequence text, TextOrigin origin);

    /** A link or bare URL found in text or HTML. */
    void url(String url);

    /** Something unusual about the message's structure or encoding, as a short code such as {@code depth-limit}. */
    void anomaly(String code);
}
