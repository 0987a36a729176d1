package org.bayard.core.mail;

/**
 * The descriptor of one MIME part.
 *
 * @param mimeType lower-case {@code type/subtype}, {@code text/plain} when absent or unparsable
 * @param charset lower-case charset name as declared, or empty
 * @param transferEncoding lower-case Content-Transfer-Encoding, or empty
 * @param fileName the attachment's file name (Content-Disposition or Content-Type name), or empty
 * @param depth nesting depth, 0 for the top-level message
 */
public record PartInfo(String mimeType, String charset, String transferEncoding, String fileName, int depth) {}
