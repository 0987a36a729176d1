package org.bayard.core.token;

/**
 * Splits text into lower-cased words, in one pass into one reused buffer.
 *
 * <p>A word is a run of letters, digits and {@code $}; {@code . - _ '} join two such runs
 * ("e-mail", "example.com", "don't", "3.99") but are dropped at a word's ends, where they are
 * punctuation. Everything else separates. Words longer than the limit are not copied past
 * it: only their length and first char matter (see {@link BodyWords}).
 */
final class WordSplitter {

    private final int maxWordLength;
    private final StringBuilder word = new StringBuilder();

    WordSplitter(int maxWordLength) {
        this.maxWordLength = Math.max(1, maxWordLength);
    }

    void split(CharSequence text, WordSink sink) {
        int length = 0;
        int pendingJoiners = 0;
        word.setLength(0);
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (isWordChar(c)) {
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

    private static boolean isJoiner(char c) {
        return c == '.' || c == '-' || c == '_' || c == '\'';
    }
}
