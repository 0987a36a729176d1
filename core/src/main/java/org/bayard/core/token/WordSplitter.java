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
    /** Each ASCII char's lower case if it is a word char, else 0: one load instead of a chain of range tests. */
    private static final char[] ASCII_WORD_LOWER = new char[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$';
            ASCII_WORD_LOWER[c] = word ? Character.toLowerCase(c) : 0;
        }
    }

    private final int maxWordLength;
    private final boolean skipLinks;
    /*
     * The current word's first chars. A plain array rather than a StringBuilder: a builder
     * checks its capacity and its Latin-1/UTF-16 coder on every append, which profiled as the
     * tokenizer's single largest cost. Grows on demand up to maxWordLength + 1 chars.
     */
    private char[] word;
    private final TextBuffer buffer = new TextBuffer();

    WordSplitter(int maxWordLength, boolean skipLinks) {
        this.maxWordLength = Math.max(1, maxWordLength);
        this.skipLinks = skipLinks;
        this.word = new char[Math.min(INITIAL_BUFFER, this.maxWordLength + 1)];
    }

    void split(CharSequence source, WordSink sink) {
        int n = source.length();
        char[] text = buffer.copy(source);
        int length = 0;
        int pendingJoiners = 0;
        for (int i = 0; i < n; i++) {
            char c = text[i];
            char lower = wordCharLowerCase(c);
            // c | 0x20 folds 'H' onto 'h' and 'W' onto 'w'; no other char becomes either
            if (length == 0 && skipLinks && ((c | 0x20) == 'h' || (c | 0x20) == 'w') && isLinkAt(text, n, i)) {
                while (i + 1 < n && !Character.isWhitespace(text[i + 1]) && text[i + 1] != '<' && text[i + 1] != '"') {
                    i++;
                }
                pendingJoiners = 0;
            } else if (lower != 0) {
                for (; pendingJoiners > 0; pendingJoiners--) {
                    store(text[i - pendingJoiners], length++);
                }
                store(lower, length++);
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
        if (position < word.length) {
            word[position] = c;
        } else if (position <= maxWordLength) {
            word = Arrays.copyOf(word, Math.min(2 * word.length, maxWordLength + 1));
            word[position] = c;
        }
    }

    private void emit(WordSink sink, int length) {
        sink.word(word, Math.min(length, maxWordLength + 1), length);
    }

    /** The char's lower case if it is a word char, else 0. */
    private static char wordCharLowerCase(char c) {
        if (c < 0x80) {
            return ASCII_WORD_LOWER[c];
        }
        return Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : 0;
    }

    private static boolean isWordChar(char c) {
        return wordCharLowerCase(c) != 0;
    }

    private static boolean isLinkAt(char[] text, int n, int at) {
        if (at > 0 && isWordChar(text[at - 1])) {
            return false;
        }
        return startsWithIgnoreCase(text, n, at, "http://") || startsWithIgnoreCase(text, n, at, "https://")
                || startsWithIgnoreCase(text, n, at, "www.");
    }

    private static boolean startsWithIgnoreCase(char[] text, int n, int at, String lowerPrefix) {
        if (at + lowerPrefix.length() > n) {
            return false;
        }
        for (int k = 0; k < lowerPrefix.length(); k++) {
            if (Character.toLowerCase(text[at + k]) != lowerPrefix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isJoiner(char c) {
        return c == '.' || c == '-' || c == '_' || c == '\'';
    }
}
