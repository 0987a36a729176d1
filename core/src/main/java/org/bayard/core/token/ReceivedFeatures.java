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
    private static final int MAX_NAMES_PER_HEADER = 12;

    private final FeatureSink sink;
    private int headers;

    ReceivedFeatures(FeatureSink sink) {
        this.sink = sink;
    }

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
            while (i < end && isNameChar(value.charAt(i))) {
                i++;
            }
            if (i > start && name(value.substring(start, i))) {
                names++;
            }
        }
    }

    /** The number of Received headers, at the end of the header block. */
    void finish() {
        sink.accept(PREFIX + "count:", Buckets.of(headers));
    }

    private boolean name(String word) {
        if (Domains.isIpv4(word)) {
            int dot = -1;
            for (int k = 0; k < 3; k++) {
                dot = word.indexOf('.', dot + 1);
                sink.accept(PREFIX + "ip:", word.substring(0, dot));
            }
            sink.accept(PREFIX + "ip:", word);
            return true;
        }
        if (isHostName(word)) {
            Domains.emitWithParents(sink, PREFIX, word);
            return true;
        }
        return false;
    }

    /** At least two labels and an alphabetic top label: "mx1.example.com", not "1.5" or "v1.2". */
    private static boolean isHostName(String word) {
        int lastDot = word.lastIndexOf('.');
        if (lastDot <= 0 || lastDot >= word.length() - 2 || word.contains("..") || word.startsWith(".")) {
            return false;
        }
        for (int i = lastDot + 1; i < word.length(); i++) {
            if (!Character.isLetter(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
    }
}
