package org.bayard.core.token;

/**
 * Splits text into lower-cased words.
 *
 * <p>A word is a run of letters, digits and {@code $}; {@code . - _ '} join two such runs
 * ("e-mail", "example.com", "don't", "3.99") but are dropped at a word's ends, where they are
 * punctuation. Everything else separates.
 *
 * <p>For body text, written-out links ({@code http://...}, {@code www....}) are skipped: the
 * reader reports them as links and they become {@code url:} features; as words they would
 * only add "http" and one-off host-and-path strings to the body and its word pairs.
 *
 * <p>{@link #start} a text (or {@link #startCleaned}), then pull its words one at a time with
 * {@link #next} until it returns false, or have {@link #split} push them all to a
 * {@link WordSink}; each word is lower-cased in place in the splitter's copy of the text. The
 * body's word loop ({@link BodyWords}) pulls, so that {@code next} inlines into it; pushing
 * each word through {@link WordSink} costs a call that cannot inline (the header and URL
 * stages implement it too), and the live loop state spilled around it. The header and URL
 * stages push: their texts are short.
 */
final class WordSplitter {

    /**
     * Each char's lower case if it is a word char, else 0. One load per char decides both
     * whether the char belongs to a word and what it becomes there, where otherwise non-ASCII
     * text costs Character.isLetterOrDigit and Character.toLowerCase, each a walk through
     * Unicode tables. 128 KB, built once; a text touches only the lines of its own scripts.
     */
    private static final char[] WORD_CHAR_LOWER = new char[Character.MAX_VALUE + 1];

    static {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            WORD_CHAR_LOWER[c] = isWordChar((char) c) ? Character.toLowerCase((char) c) : 0;
        }
    }

    /** Chars per block of {@link #wordBits}. */
    private static final int BLOCK = 64;

    private final int maxWordLength;
    private final boolean skipLinks;
    /** The text being split, its word chars lower-cased in place a block at a time (see {@link #next}). */
    private final TextBuffer buffer = new TextBuffer();
    private char[] text = new char[0];
    private int end;
    /** Where the search for the next word resumes. */
    private int position;
    /**
     * Which chars of the 64 from {@link #blockStart} (a multiple of 64) are word chars, one bit
     * each; the block's word chars are lower-cased in place when it is read. -64 before the first.
     */
    private long wordBits;
    private int blockStart;
    private int wordStart;
    private int wordLength;
    /** For {@link #split}: the word's first chars, copied to where a {@link WordSink} expects them. */
    private char[] word = new char[0];

    WordSplitter(int maxWordLength, boolean skipLinks) {
        this.maxWordLength = Math.max(1, maxWordLength);
        this.skipLinks = skipLinks;
    }

    /** Pushes every word left in the started text to the sink; see {@link WordSink} for what it receives. */
    void split(WordSink sink) {
        while (next()) {
            int stored = Math.min(wordLength, maxWordLength + 1);
            if (word.length < stored) {
                word = new char[Math.min(Math.max(stored, 2 * word.length), maxWordLength + 1)];
            }
            System.arraycopy(text, wordStart, word, 0, stored);
            sink.word(word, stored, wordLength);
        }
    }

    /** Starts on a new text; the splitter keeps a copy, so the text may change afterwards. */
    void start(CharSequence source) {
        buffer.copy(source);
        rewind();
    }

    /** Starts on {@code text.substring(from)}, copied from the text itself: a link's path, without a string of its own. */
    void start(String text, int from) {
        buffer.copy(text, from, text.length());
        rewind();
    }

    /**
     * Starts on the text as {@link TextCleaner} cleans it. The cleaner writes into the splitter's
     * copy, so that text which needs no cleaning (ASCII) is copied once, not once to be checked
     * and again to be split.
     */
    void startCleaned(CharSequence source) {
        TextCleaner.clean(source, buffer);
        rewind();
    }

    /**
     * Ends the text being split, at the end of a message: the splitter is kept per thread, and a
     * copy grown for a long text is then given up ({@link TextBuffer#release}).
     */
    void release() {
        buffer.release();
        rewind();
    }

    private void rewind() {
        text = buffer.array();
        end = buffer.length();
        position = 0;
        blockStart = -BLOCK;
    }

    /**
     * Moves to the text's next word, if there is one, and lower-cases it in place: it is then the
     * {@link #wordLength()} chars of {@link #chars()} from {@link #wordStart()}.
     *
     * <p>Words and the gaps between them are found in 64-char blocks, each read once into a
     * bit per char (and its word chars lower-cased), then by counting zero bits: a loop of a
     * char at a time mispredicts its exit at the end of nearly every word and every gap. On the
     * corpus's body texts (294 words and 2,184 chars a message), splitting alone took 8.6 us a
     * message where the char loops took 12.3; preparing the corpus 0.960 and 0.964 of the time
     * (thread CPU, old and new alternating in one JVM, medians of 16 rounds, both load orders;
     * A/A 1.003).
     */
    boolean next() {
        char[] t = text;
        int n = end;
        int i = position;
        // Separators, and links, up to the next word's first char. A word never starts right
        // after a word char, so a link found here is never the tail of a word ("thewww.z").
        while (true) {
            i = nextWordChar(i);
            if (i == n) {
                position = n;
                return false;
            }
            if (!(skipLinks && isLinkAt(t, n, i))) {
                break;
            }
            i = linkEnd(t, n, i);
        }
        int start = i;
        while (true) {
            i = runEnd(i);
            // joiners continue the word only when another run follows them (a char after them
            // may be lower-cased already: a word char stays one, WordSplitterTest checks)
            int next = i;
            while (next < n && isJoiner(t[next])) {
                next++;
            }
            if (next == i || next == n || WORD_CHAR_LOWER[t[next]] == 0) {
                break;
            }
            i = next;
        }
        wordStart = start;
        wordLength = i - start;
        position = i;
        return true;
    }

    /** The first word char at or after {@code i}, or the text's end. */
    private int nextWordChar(int i) {
        while (i < end) {
            readBlockOf(i);
            long from = wordBits & (-1L << i); // the shift counts mod 64: the bits from i's place in its block
            if (from != 0) {
                return blockStart + Long.numberOfTrailingZeros(from);
            }
            i = blockStart + BLOCK;
        }
        return end;
    }

    /** The first char at or after {@code i} that is not a word char, or the text's end. */
    private int runEnd(int i) {
        while (i < end) {
            readBlockOf(i);
            long from = ~wordBits & (-1L << i);
            if (from != 0) {
                return Math.min(end, blockStart + Long.numberOfTrailingZeros(from));
            }
            i = blockStart + BLOCK;
        }
        return end;
    }

    /** Makes the block that holds {@code i} the current one; each is read once, as words only move on. */
    private void readBlockOf(int i) {
        int start = i & -BLOCK;
        if (start != blockStart) {
            readBlock(start);
        }
    }

    /** The block's bits, its word chars lower-cased in place; the bits past the text's end are 0. */
    private void readBlock(int start) {
        char[] t = text;
        int stop = Math.min(start + BLOCK, end);
        long bits = 0;
        for (int k = start; k < stop; k++) {
            char c = t[k];
            char lower = WORD_CHAR_LOWER[c];
            t[k] = lower != 0 ? lower : c;
            bits |= (long) (((lower - 1) >>> 31) ^ 1) << k; // 1 for a word char (lower > 0); the shift counts mod 64
        }
        wordBits = bits;
        blockStart = start;
    }

    /** The text, with the current word lower-cased in place. */
    char[] chars() {
        return text;
    }

    int wordStart() {
        return wordStart;
    }

    int wordLength() {
        return wordLength;
    }

    /** Letters and digits of every script, and {@code $}. */
    static boolean isWordChar(char c) {
        return c == '$' || Character.isLetterOrDigit(c);
    }

    /** {@code c} in lower case if it is a word char, else 0. */
    static char wordCharLowerCase(char c) {
        return WORD_CHAR_LOWER[c];
    }

    private static boolean isLinkAt(char[] text, int n, int at) {
        char c = (char) (text[at] | 0x20); // folds 'H' onto 'h' and 'W' onto 'w'; no other char becomes either
        if (c == 'h') {
            return startsWithIgnoreCase(text, n, at, "http://") || startsWithIgnoreCase(text, n, at, "https://");
        }
        return c == 'w' && startsWithIgnoreCase(text, n, at, "www.");
    }

    /** Where the link that starts at {@code at} ends: at white space, a quote, a tag, or the text's end. */
    private static int linkEnd(char[] text, int n, int at) {
        int i = at;
        while (i < n && !Character.isWhitespace(text[i]) && text[i] != '<' && text[i] != '"') {
            i++;
        }
        return i;
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
