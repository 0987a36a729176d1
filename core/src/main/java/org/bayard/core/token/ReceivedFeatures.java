package org.bayard.core.token;

/**
 * Received headers: the host names (with parents) and IPv4 addresses of the relays, the
 * addresses also as /8, /16 and /24 prefixes ({@code received:ip:10}, {@code received:ip:10.1},
 * {@code received:ip:10.1.2}). SpamBayes found these among its strongest header clues: a
 * spammer's network changes slower than the words. Only the part before the {@code ;} (the
 * date) is read, and only the first few names of each header.
 */
final class ReceivedFeatures {

    private static final String PREFIX = "received:";
    private static final String IP_PREFIX = PREFIX + "ip:";
    private static final int MAX_NAMES_PER_HEADER = 12;

    private final FeatureSink sink;
    private final HostName host = new HostName();
    private int headers;

    ReceivedFeatures(FeatureSink sink) {
        this.sink = sink;
    }

    /**
     * Reads the names in place, as ranges of the value: most words of a Received header are no
     * name at all. A word without a dot ("from", "by", "with", "id") can be neither a dotted quad
     * nor a host name of two labels, so it is dropped while it is scanned rather than tested twice.
     */
    void accept(String value) {
        headers++;
        int end = value.lastIndexOf(';');
        end = end < 0 ? value.length() : end;
        int names = 0;
        int i = 0;
        while (i < end && names < MAX_NAMES_PER_HEADER) {
            while (i < end && !isNameChar(value.charAt(i))) {
                i++;
            }
            int start = i;
            boolean dotted = false;
            for (char c; i < end && isNameChar(c = value.charAt(i)); i++) {
                dotted |= c == '.';
            }
            if (dotted && name(value, start, i)) {
                names++;
            }
        }
    }

    /** The number of Received headers, at the end of the header block. */
    void finish() {
        sink.accept(PREFIX + "count:", Buckets.of(headers));
    }

    private boolean name(String value, int start, int end) {
        if (Domains.isIpv4(value, start, end)) {
            host.set(value, start, end); // a dotted quad is its own normal form
            for (int i = 0, dots = 0; dots < 3; i++) {
                if (host.charAt(i) == '.') {
                    host.emit(sink, IP_PREFIX, 0, i);
                    dots++;
                }
            }
            host.emit(sink, IP_PREFIX, 0, host.length());
            return true;
        }
        if (isHostName(value, start, end)) {
            host.set(value, start, end).emitWithParents(sink, PREFIX);
            return true;
        }
        return false;
    }

    /**
     * At least two labels and an alphabetic top label: "mx1.example.com", not "1.5" or "v1.2".
     * Checks {@code value.substring(start, end)} in one pass without making it.
     */
    private static boolean isHostName(String value, int start, int end) {
        if (value.charAt(start) == '.') {
            return false;
        }
        int lastDot = -1;
        for (int i = start + 1; i < end; i++) {
            if (value.charAt(i) == '.') {
                if (value.charAt(i - 1) == '.') {
                    return false;
                }
                lastDot = i;
            }
        }
        if (lastDot < 0 || lastDot >= end - 2) {
            return false;
        }
        for (int i = lastDot + 1; i < end; i++) {
            if (!Character.isLetter(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** ASCII letters and digits spelled out: Character.isLetterOrDigit would look up the Unicode tables. */
    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    }
}
