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
    private final HostName host;
    private int headers;

    /** @param host a buffer this stage may overwrite whenever it is called */
    ReceivedFeatures(FeatureSink sink, HostName host) {
        this.sink = sink;
        this.host = host;
    }

    /**
     * Reads the names in place, as ranges of the value: most words of a Received header are no
     * name at all. A word without a dot ("from", "by", "with", "id") is neither a dotted quad
     * nor a host name, so the scan goes from dot to dot with {@code indexOf}, which the JVM runs
     * on vectors, and reads only the words around them char by char. Each word's dots are noted
     * while it is read, which settles most of those without a second look: one with two dots in
     * a row is no name either.
     */
    void accept(String value) {
        headers++;
        int end = value.lastIndexOf(';');
        end = end < 0 ? value.length() : end;
        int names = 0;
        int i = 0;
        while (i < end && names < MAX_NAMES_PER_HEADER) {
            int dot = value.indexOf('.', i, end);
            if (dot < 0) {
                break;
            }
            // i is where the last word ended, a char that is no name char: the word with this dot starts after it
            int start = dot;
            while (start > i && Domains.HOST_CHARS.contains(value.charAt(start - 1))) {
                start--;
            }
            // the chars walked back over are name chars without a dot, so the forward scan starts at
            // the dot instead of reading them again: header blocks alone about 0.975 of their time before
            i = dot;
            int dots = 0;
            int lastDot = -1;
            boolean doubleDot = false;
            for (char c; i < end && Domains.HOST_CHARS.contains(c = value.charAt(i)); i++) {
                if (c == '.') {
                    doubleDot |= dots > 0 && lastDot == i - 1;
                    dots++;
                    lastDot = i;
                }
            }
            if (!doubleDot && name(value, start, i, dots, lastDot)) {
                names++;
            }
        }
    }

    /** The number of Received headers, at the end of the header block. */
    void finish() {
        sink.accept(PREFIX + "count:", Buckets.of(headers));
    }

    /**
     * The word {@code value.substring(start, end)}, which has {@code dots} dots, none doubled,
     * the last at {@code lastDot}.
     */
    private boolean name(String value, int start, int end, int dots, int lastDot) {
        if (dots == 3 && Domains.isIpv4(value, start, end)) {
            host.setHostChars(value, start, end).emitNetworks(sink, IP_PREFIX); // a dotted quad is its own normal form
            return true;
        }
        if (isHostName(value, start, end, lastDot)) {
            host.setHostChars(value, start, end).emitWithParents(sink, PREFIX);
            return true;
        }
        return false;
    }

    /**
     * For a word with dots, none doubled: no empty first label, and an alphabetic top label of
     * two or more letters: "mx1.example.com", not "1.5", "v1.2" or ".example.com".
     */
    private static boolean isHostName(String value, int start, int end, int lastDot) {
        if (value.charAt(start) == '.' || lastDot >= end - 2) {
            return false;
        }
        for (int i = lastDot + 1; i < end; i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) {
                return false; // name chars are ASCII, among which only these are letters
            }
        }
        return true;
    }
}
