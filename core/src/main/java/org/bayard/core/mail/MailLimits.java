package org.bayard.core.mail;

/**
 * Bounds on the work one message may cause; past a bound, the reader records an anomaly and
 * skips the rest of that element instead of failing.
 *
 * @param maxScanBytes bytes of the raw message examined at all (the rest is ignored)
 * @param maxDepth MIME nesting depth
 * @param maxParts MIME parts described (header fields, type, file name); the text and file name of later parts are still read
 * @param maxHeaderBytes bytes of one header field
 * @param maxTextChars decoded characters of text taken from one part
 * @param maxWordLength characters of one word before it is summarised as a {@code skip:} feature
 * @param maxTokens features emitted per message
 */
public record MailLimits(long maxScanBytes, int maxDepth, int maxParts, int maxHeaderBytes, int maxTextChars,
                         int maxWordLength, int maxTokens) {

    public static final MailLimits DEFAULT = new MailLimits(2L << 20, 20, 200, 64 << 10, 512 << 10, 40, 20_000);
}
