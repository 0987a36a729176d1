/**
 * Reading mail: a reader that walks the bytes of one message in place and turns them into
 * header fields, MIME parts, decoded text (plain, HTML, hidden HTML), links and anomalies,
 * delivered to a {@link org.bayard.core.mail.MailVisitor}. Its MIME structure follows mime4j's
 * lenient reading (the features were built on it), odd inputs included; mime4j itself is left
 * to RFC 2047 words in header values and to the trap and desk code.
 *
 * <p>Owns: MIME structure, transfer decoding, charsets and their fallbacks, RFC 2047 header
 * words, HTML to text (with CSS-hidden text told apart), the mbox envelope line, and every
 * bound in {@link org.bayard.core.mail.MailLimits}.
 *
 * <p>Must never: throw on any input (faults become anomaly codes, and reading continues or
 * stops), use memory or time in proportion to the message beyond the scan budget, look at
 * anything but the message bytes, or decide what is spam (no feature names here; that is
 * {@code org.bayard.core.token}).
 */
package org.bayard.core.mail;
