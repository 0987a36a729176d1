package org.bayard.smtp;

/**
 * What the framer of a message found as it read it, DATA's ({@link DataDecoder}) or BDAT's
 * ({@link ChunkDecoder}): the two things that refuse a message whatever the filter would say.
 */
interface MessageFraming {
    /** Whether a bare CR or LF appeared anywhere in the message: refused, as what smuggling hides behind. */
    boolean bareNewline();

    /** Whether the message was longer than the limit (and so was cut). */
    boolean overflow();
}
