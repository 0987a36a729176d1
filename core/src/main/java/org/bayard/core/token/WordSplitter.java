package org.bayard.core.token;

import java.util.Arrays;

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

    private static final int INITIAL_BUFFER = 64;

    private final int maxWordLength;
    private final boolean skipLinks;
    /*
     * The current word's first chars. A plain array rather than a StringBuilder: a builder
     * checks its capacity and its Latin-1/UTF-16 coder on every append, which profiled as the
     * tokenizer's single largest cost. Grows on demand up to maxWordLength + 1 chars.
     */
    private char[] word;

    WordSplitter(int maxWordLength, boolean skipLinks) {
        this.maxWordLength = Math.max(1, maxWordLength);
        this.skipLinks = skipLinks;
        this.word = new char[Math.min(INITIAL_BUFFER, this.maxWordLength + 1)];
    }

    void split(CharSequence text, WordSink sink) {
        int length = 0;
        int pendingJoiners = 0;
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
                    store(text.charAt(i - pendingJoiners), length++);
                }
                store(toLowerCase(c), length++);
            } else if (length > 0 && isJoiner(c)) {
                pendingJoiners++;
            } else {
                if (length > 0) {
                    emit(sink, length);
                    length = 0;
                }
                pendingJoiners = 0;
            }
        }
        if (length > 0) {
            emit(sink, length);
        }
    }

    private void store(char c, int position) {
        if (position > maxWordLength) {
            return;
        }
        if (position == word.length) {
            word = Arrays.copyOf(word, Math.min(2 * word.length, maxWordLength + 1));
        }
        word[position] = c;
    }

    private void emit(WordSink sink, int length) {
        sink.word(word, Math.min(length, maxWordLength + 1), length);
    }

    /** {@link Character#toLowerCase(char)}, with the ASCII letters (nearly every char of mail) inline. */
    private static char toLowerCase(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return Character.toLowerCase(c);
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
