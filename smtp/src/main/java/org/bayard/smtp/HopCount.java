package org.bayard.smtp;

/**
 * The Received fields of a message's header: each server a message passed through adds one, so a
 * count past {@link #LIMIT} means a mail loop (Postfix's hopcount_limit is 50 too). A loop through
 * Bayard and a Postfix behind it (a next hop that routes the mail back to the gate) would
 * otherwise go round until some timeout, one copy per pass.
 */
final class HopCount {
    static final int LIMIT = 50;

    private HopCount() {}

    /** Received fields in the header block at the start of {@code head}; counts stop at its end. */
    static int of(byte[] head) {
        int count = 0;
        int line = 0;
        while (line < head.length) {
            if (head[line] == '\n' || (head[line] == '\r' && line + 1 < head.length && head[line + 1] == '\n')) {
                return count; // the empty line: the body starts
            }
            if (startsWithReceived(head, line)) count++;
            int end = line;
            while (end < head.length && head[end] != '\n') end++;
            line = end + 1;
        }
        return count;
    }

    private static boolean startsWithReceived(byte[] b, int at) {
        String name = "received:";
        if (at + name.length() > b.length) return false;
        for (int i = 0; i < name.length(); i++) {
            if ((b[at + i] | 0x20) != name.charAt(i)) return false; // ':' | 0x20 is ':'
        }
        return true;
    }
}
