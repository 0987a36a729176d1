package org.bayard.core.token;

/**
 * Splits text into lower-cased words, in one pass into one reused buffer.
 *
 * <p>A word is a run of letters, digits and {@code $}; {@code . - _ '} join two such runs
 * ("e-mail", "example.com", "don't", "3.99") but are dropped at a word's ends, where they are
 * punctuation. Everything else separates. Words longer than the limit are not copied past
 * it: only their length and first char matter (see {@link BodyWords}).
 *
 * <p>For body text, written-out links ({@code http://...}, {@code www....}) are skipped: the
 * reader reports them as links and they become {@code url:} features; as words they would
 * only add "http" and one-off host-and-path strings to the body and its word pairs.
 */
final class WordSplitter {

    private final int maxWordLength;
    private final boolean skipLinks;
    private final StringBuilder word = new StringBuilder();

    WordSplitter(int maxWordLength, boolean skipLinks) {
        this.maxWordLength = Math.max(1, maxWordLength);
        this.skipLinks = skipLinks;
    }

    void split(CharSequence text, WordSink sink) {
        int length = 0;
        int pendingJoiners = 0;
        word.setLength(0);
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (length == 0 && skipLinks && (c == 'h' || c == 'H' || c == 'w' || c == 'W') && isLinkAt(text, i)) {
                while (i + 1 < n && !Character.isWhitespace(text.charAt(i + 1)) && text.charAt(i + 1) != '<'
                        && text.charAt(i + 1) != '"') {
                    i++;
                }
                pendingJoiners = 0;
            } else if (isWordChar(c)) {
                for (; pendingJoiners > 0; pendingJoiners--) {
                    append(text.charAt(i - pendingJoiners), length++);
                }
                append(Character.toLowerCase(c), length++);
            } else if (length > 0 && isJoiner(c)) {
                pendingJoiners++;
            } else {
                if (length > 0) {
                    sink.word(word, length);
                    word.setLength(0);
                    length = 0;
                }
                pendingJoiners = 0;
            }
        }
        if (length > 0) {
            sink.word(word, length);
            word.setLength(0);
        }
    }

    private void append(char c, int position) {
        if (position <= maxWordLength) {
            word.append(c);
        }
    }

    static boolean isWordChar(char c) {
        if (c < 0x80) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$';
        }
        return Character.isLetterOrDigit(c);
    }

    private static boolean isLinkAt(CharSequence text, int at) {
        if (at > 0 && isWordChar(text.charAt(at - 1))) {
            return false;
        }
        return startsWithIgnoreCase(text, at, "http://") || startsWithIgnoreCase(text, at, "https://")
                || startsWithIgnoreCase(text, at, "www.");
    }

    private static boolean startsWithIgnoreCase(CharSequence text, int at, String lowerPrefix) {
        if (at + lowerPrefix.length() > text.length()) {
            return false;
        }
        for (int k = 0; k < lowerPrefix.length(); k++) {
            if (Character.toLowerCase(text.charAt(at + k)) != lowerPrefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJoiner(char c) {
        return c == '.' || c == '-' || c == '_' || c == '\'';
    }
}
