package org.bayard.app.gate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.bayard.core.mail.HeaderEditor;
import org.bayard.core.policy.SpamHeaders;

/**
 * Our X-Spam-* fields written into the start of a message, for mail the gate passes and for
 * held mail a person releases alike: both must replace any such field the sender forged, and
 * both must cope with a header block longer than they search.
 */
final class HeadRewrite {
    /** How much of a message is searched for the end of its header block. */
    static final int MAX_SEARCH = 1 << 20;

    private HeadRewrite() {}

    /** A new head for the message, in place of its first {@code replacedBytes}. */
    record Rewritten(byte[] head, int replacedBytes) {}

    /**
     * {@code head}, the start of the message, rewritten: returns the new head and how many of the
     * message's bytes it replaces. A header block longer than {@code head} gets our fields
     * first rather than be read whole.
     */
    static Rewritten rewrite(byte[] head, boolean wholeMessage, List<HeaderEditor.Field> fields) {
        int end = headerEnd(head);
        if (end < 0 && !wholeMessage) {
            StringBuilder b = new StringBuilder();
            for (HeaderEditor.Field f : fields) b.append(f.name()).append(": ").append(f.value()).append("\r\n");
            return new Rewritten(b.toString().getBytes(StandardCharsets.US_ASCII), 0);
        }
        int prefix = end < 0 ? head.length : end;
        return new Rewritten(HeaderEditor.rewrite(Arrays.copyOf(head, prefix), SpamHeaders.REPLACED, fields), prefix);
    }

    /** Index just past the blank line that ends the header block, or -1. */
    static int headerEnd(byte[] m) {
        if (m.length >= 2 && m[0] == '\r' && m[1] == '\n') return 2;
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') return i + 4;
        }
        return -1;
    }
}
