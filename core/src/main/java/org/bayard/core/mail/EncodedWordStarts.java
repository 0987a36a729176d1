package org.bayard.core.mail;

/**
 * How many RFC 2047 encoded-word starts ({@code =?}) are given to mime4j's decoder. It spends
 * some 15 us and 15 KB on each start that begins no valid word (a failed charset lookup throws),
 * so a message of header fields full of {@code =?} (2 MB scanned) took 10 s of CPU. Real mail
 * holds far fewer; past the budget the rest of a value is kept undecoded.
 */
final class EncodedWordStarts {
    /** For one message's header values: a To list of hundreds of encoded names stays inside it. */
    static final int PER_MESSAGE = 2000;
    /** For one quoted parameter value (a boundary): a real one holds one encoded word at most. */
    static final int PER_PARAMETER = 50;

    private int left;

    EncodedWordStarts(int budget) {
        left = budget;
    }

    /** Spends the budget on the value's starts: where the first one past it is, or -1 when none is. */
    int spend(String value) {
        for (int at = value.indexOf("=?"); at >= 0; at = value.indexOf("=?", at + 2)) {
            if (left == 0) return at;
            left--;
        }
        return -1;
    }
}
