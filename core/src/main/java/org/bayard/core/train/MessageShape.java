package org.bayard.core.train;

import java.util.Optional;
import org.bayard.core.mail.HeaderNames;

/**
 * Whether some bytes are a mail message at all, before they are learned as one. Mail is
 * hostile and forwarding clients are sloppy: an attachment can be empty, cut short, or base64
 * that decodes to noise. Learning such bytes would put junk features in the model under a
 * class a person chose, so a trap refuses them with the reason instead.
 *
 * <p>The test is the header block's syntax, nothing more: at least one field, and every line
 * up to the first empty one is a field ({@code name:} with a name of printable ASCII, RFC 5322
 * section 2.2) or the continuation of one. A leading mbox {@code From } line is allowed.
 */
public final class MessageShape {
    /** Header lines examined; a real header block is far shorter, and noise fails long before. */
    private static final int MAX_HEADER_LINES = 10_000;

    private MessageShape() {}

    /** Empty when {@code m} looks like a message, else why not, for a person to read. */
    public static Optional<String> problem(byte[] m) {
        if (isBlank(m)) return Optional.of("empty");
        int pos = 0;
        if (startsWithFrom(m)) pos = ContentDigest.lineEnd(m, 0);
        int fields = 0;
        for (int line = 1; pos < m.length && line <= MAX_HEADER_LINES; line++) {
            int end = ContentDigest.lineEnd(m, pos);
            int contentEnd = end;
            if (contentEnd > pos && m[contentEnd - 1] == '\n') contentEnd--;
            if (contentEnd > pos && m[contentEnd - 1] == '\r') contentEnd--;
            if (contentEnd == pos) break; // the blank line that ends the header block
            boolean continuation = m[pos] == ' ' || m[pos] == '\t';
            if (continuation && fields == 0) {
                return Optional.of("not a mail message: it starts with a continuation line");
            }
            if (!continuation) {
                if (!HeaderNames.startsField(m, pos, contentEnd)) {
                    return Optional.of("not a mail message: line " + line + " of its header is not a header field");
                }
                fields++;
            }
            pos = end;
        }
        return fields == 0 ? Optional.of("not a mail message: no header fields") : Optional.empty();
    }

    private static boolean isBlank(byte[] m) {
        for (byte b : m) if (b != ' ' && b != '\t' && b != '\r' && b != '\n') return false;
        return true;
    }

    private static boolean startsWithFrom(byte[] m) {
        return m.length >= 5 && m[0] == 'F' && m[1] == 'r' && m[2] == 'o' && m[3] == 'm' && m[4] == ' ';
    }
}
