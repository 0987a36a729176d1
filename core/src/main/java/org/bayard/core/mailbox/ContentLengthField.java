package org.bayard.core.mailbox;

/**
 * The {@code Content-Length} a message's header declares, gathered from its header lines one at
 * a time. Only a plain decimal number is a length; a field whose value is anything else (empty,
 * signed, hexadecimal, folded, too long for a {@code long}), or two fields that disagree, leave
 * the message without one, as if it had no field: a length is only ever a hint that
 * {@link MboxReader} checks before it trusts it.
 */
final class ContentLengthField {

    private static final byte[] NAME = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int MAX_DIGITS = 18; // always fits a long

    private static final long NONE = -1;
    private static final long SPOILED = -2;

    private long value = NONE;

    /** Starts over for the next message. */
    void reset() {
        value = NONE;
    }

    /** The header could not be read whole (it was cut at the size limit): no length from it. */
    void spoil() {
        value = SPOILED;
    }

    /** Takes in one header line, {@code a[from..to)} with its line end. */
    void offer(byte[] a, int from, int to) {
        long found = parse(a, from, to);
        if (found == NONE || value == SPOILED) return;
        value = value == NONE || value == found ? found : SPOILED;
    }

    /** The declared length, or -1 when there is none to use. */
    long value() {
        return value >= 0 ? value : -1;
    }

    /** NONE for a line that is not this field, SPOILED for one whose value is no length. */
    static long parse(byte[] a, int from, int to) {
        if (to - from < NAME.length) return NONE;
        for (int i = 0; i < NAME.length; i++) {
            int c = a[from + i];
            if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
            if (c != NAME[i]) return NONE;
        }
        int p = skipBlanks(a, from + NAME.length, to);
        if (p == to || a[p] != ':') return NONE;
        p = skipBlanks(a, p + 1, to);
        long n = 0;
        int digits = 0;
        while (p < to && a[p] >= '0' && a[p] <= '9' && digits <= MAX_DIGITS) {
            n = n * 10 + (a[p] - '0');
            digits++;
            p++;
        }
        p = skipBlanks(a, p, to);
        if (p < to && a[p] == '\r') p++;
        if (p < to && a[p] == '\n') p++;
        return digits == 0 || digits > MAX_DIGITS || p != to ? SPOILED : n;
    }

    private static int skipBlanks(byte[] a, int p, int to) {
        while (p < to && (a[p] == ' ' || a[p] == '\t')) p++;
        return p;
    }
}
