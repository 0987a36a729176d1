package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WordSplitterTest {

    /** Each word as "stored chars/true length". */
    private static List<String> split(int maxWordLength, boolean skipLinks, CharSequence text) {
        List<String> words = new ArrayList<>();
        WordSplitter splitter = new WordSplitter(maxWordLength, skipLinks);
        splitter.start(text);
        splitter.split((chars, stored, length) -> words.add(new String(chars, 0, stored) + "/" + length));
        return words;
    }

    @Test
    void wordsAreLowerCasedAndJoinedByInnerPunctuation() {
        assertThat(split(40, false, "Don't E-Mail ÄRGER to Example.COM... now!"))
                .containsExactly("don't/5", "e-mail/6", "ärger/5", "to/2", "example.com/11", "now/3");
    }

    @Test
    void aLongWordKeepsItsFirstCharsAndItsTrueLength() {
        assertThat(split(5, false, "abcdefghij xy")).containsExactly("abcdef/10", "xy/2");
        String longWord = "W".repeat(150);
        assertThat(split(100, false, longWord + " end"))
                .containsExactly("w".repeat(101) + "/150", "end/3");
    }

    @Test
    void writtenOutLinksAreSkippedOnlyWhenAsked() {
        assertThat(split(40, true, "see HTTP://x.example/a?b \"www.y.example\" thewww.z")).containsExactly("see/3", "thewww.z/8");
        assertThat(split(40, false, "see www.y.example")).containsExactly("see/3", "www.y.example/13");
    }

    @Test
    void theSplitterIsReusedAcrossTexts() {
        WordSplitter splitter = new WordSplitter(40, false);
        List<String> words = new ArrayList<>();
        WordSink sink = (chars, stored, length) -> words.add(new String(chars, 0, stored));
        splitter.start("a much longer first text");
        splitter.split(sink);
        splitter.start(new StringBuilder("Short"));
        splitter.split(sink);
        assertThat(words).containsExactly("a", "much", "longer", "first", "text", "short");
    }

    /** Released after a long text, midway through it: no word of it is left, and the next text splits as on a new splitter. */
    @Test
    void aReleasedSplitterEndsItsTextAndSplitsTheNext() {
        WordSplitter splitter = new WordSplitter(40, true);
        splitter.start("Long words ".repeat(TextBuffer.MAX_KEPT_CHARS / 5));
        assertThat(splitter.next()).isTrue();
        splitter.release();
        assertThat(splitter.next()).isFalse();
        List<String> words = new ArrayList<>();
        splitter.start("Then www.x.example SHORT");
        splitter.split((chars, stored, length) -> words.add(new String(chars, 0, stored)));
        assertThat(words).containsExactly("then", "short");
    }

    @Test
    void joinersJoinOnlyBetweenRunsAndMayRepeat() {
        assertThat(split(40, false, "--a..b-- 'c'_ d.-_'e. f.")).containsExactly("a..b/4", "c/1", "d.-_'e/6", "f/1");
        assertThat(split(40, false, "")).isEmpty();
        assertThat(split(40, false, "... --")).isEmpty();
    }

    @Test
    void linksEndAtWhiteSpaceQuotesTagsAndTheTextsEnd() {
        assertThat(split(40, true, "http://a.example/x<b>bold</b> https://c.example\tend www.d.example\"q\" www."))
                .containsExactly("b/1", "bold/4", "b/1", "end/3", "q/1");
        assertThat(split(40, true, "-http://a.example x http:/ notalink")).containsExactly("x/1", "http/4", "notalink/8");
    }

    @Test
    void wordsArePulledOneAtATimeAndLowerCasedInPlace() {
        WordSplitter splitter = new WordSplitter(40, false);
        splitter.start("  Hello, WORLD!");
        assertThat(splitter.next()).isTrue();
        assertThat(new String(splitter.chars(), splitter.wordStart(), splitter.wordLength())).isEqualTo("hello");
        assertThat(splitter.next()).isTrue();
        assertThat(splitter.wordStart()).isEqualTo(9);
        assertThat(new String(splitter.chars(), splitter.wordStart(), splitter.wordLength())).isEqualTo("world");
        assertThat(splitter.next()).isFalse();
        assertThat(splitter.next()).isFalse();
    }

    /** The body's and the address names' texts are cleaned on the way in: disguised words split as the plain ones. */
    @Test
    void aCleanedStartSplitsTheCleanedText() {
        WordSplitter splitter = new WordSplitter(40, false);
        List<String> words = new ArrayList<>();
        splitter.startCleaned("a much longer text, then \uFF26r\u200Bee \uFB01ne");
        splitter.startCleaned("\uFF26r\u200Bee \uFB01ne");
        splitter.split((chars, stored, length) -> words.add(new String(chars, 0, stored) + "/" + length));
        assertThat(words).containsExactly("free/4", "fine/4");
    }

    /** The char table against the definition it replaced: ASCII letters, digits and $, and Character's letters and digits beyond. */
    @Test
    void everyCharIsClassifiedAndLowerCasedAsBefore() {
        for (int i = 0; i <= Character.MAX_VALUE; i++) {
            char c = (char) i;
            boolean word = c < 0x80
                    ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$'
                    : Character.isLetterOrDigit(c);
            char expected = word ? Character.toLowerCase(c) : 0;
            assertThat((int) WordSplitter.wordCharLowerCase(c)).as("char U+%04X", i).isEqualTo((int) expected);
            assertThat(WordSplitter.isWordChar(c)).as("char U+%04X", i).isEqualTo(word);
        }
    }

    /**
     * The splitter reads 64-char blocks, lower-casing each block's word chars when it first
     * reads it, so a joiner's or a link's test may see a char that is lower-cased already: a
     * word char must stay one, in the same lower case, and a link's letters must fold the same.
     */
    @Test
    void aLowerCasedWordCharIsTheSameWordChar() {
        for (int i = 0; i <= Character.MAX_VALUE; i++) {
            char lower = WordSplitter.wordCharLowerCase((char) i);
            if (lower != 0) {
                assertThat((int) WordSplitter.wordCharLowerCase(lower)).as("char U+%04X", i).isEqualTo((int) lower);
                assertThat((int) Character.toLowerCase(lower)).as("char U+%04X", i).isEqualTo((int) Character.toLowerCase((char) i));
            }
        }
    }

    /** Words, joiners, gaps and links that start, end or cross where one 64-char block ends and the next begins. */
    @Test
    void wordsAndLinksAcrossBlockEnds() {
        String[] tails = {" Word.Next-ONE z", ". http://Link.example/x Y", "AB'cd", "  www.x.y\tq", "x.-", "..$9", "Zz"};
        for (int lead = 50; lead <= 140; lead++) {
            for (String tail : tails) {
                for (String filler : new String[] {"a", " ", ".", "B c"}) {
                    String text = filler.repeat(lead).substring(0, lead) + tail + filler.repeat(70).substring(0, 70 - lead % 7);
                    for (boolean skipLinks : new boolean[] {true, false}) {
                        assertThat(split(1000, skipLinks, text)).as("text \"%s\"", text).isEqualTo(charByChar(text, skipLinks));
                    }
                }
            }
        }
    }

    /** Chars that make every case of the rules: word chars of several scripts, joiners, links' starts, separators. */
    private static final String[] PIECES = {"a", "B", "z", "7", "$", "\u00C4", "\u00DF", "\u0416", "\u65E5", "\u0663",
        ".", "-", "_", "'", " ", "  ", "\t", "\n", ",", "!", "<", "\"", "/", ":", "\u00A0", "\u2014",
        "http://", "HTTPS://", "www.", "Www", "h", "W", "word", "Mixed.Case-Words_x'y",
        // near misses of a link's prefix for a case fold by hand: one bit (0x20) off, and the two
        // chars outside ASCII that lower-case into ASCII
        "hTtP", "s", "S", "\u001A//", ":", "\u000F", "wW", "\u000E", "\u0130", "\u212A", "H\u0054TP\u003A//"};

    /** Random texts of up to a few hundred chars, with long words and runs. */
    static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(120);
        for (int k = 0; k < pieces; k++) {
            if (random.nextInt(40) == 0) {
                text.append("x".repeat(random.nextInt(150))); // words past any length limit
            } else {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
        }
        return text.toString();
    }

    @Test
    void randomTextsSplitAsACharByCharReadingOfTheRules() {
        Random random = new Random(20261122);
        for (int round = 0; round < 20_000; round++) {
            String text = randomText(random);
            boolean skipLinks = random.nextBoolean();
            assertThat(split(1000, skipLinks, text)).as("text \"%s\"", text).isEqualTo(charByChar(text, skipLinks));
        }
    }

    /**
     * A cleaned start splits as cleaning first and splitting the result: text that NFKC folds,
     * shortens or composes ("e" and a combining acute), with runs of 63 chars that move it across
     * 64-char boundaries, where a splitter that read the text in blocks could go wrong.
     */
    @Test
    void aCleanedStartSplitsAsCleaningFirst() {
        String[] pieces = {"a", "e", "Z", " ", ".", "\u0301", "\u0338", "<", "\u200B", "\u00AD", "\uFF26", "\uFB01",
            "\u2460", "\u00E9", "\uFDFA", "\u1100\u1161", "x".repeat(63)};
        Random random = new Random(11);
        TextBuffer cleaned = new TextBuffer();
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            TextCleaner.clean(text, cleaned);
            WordSplitter splitter = new WordSplitter(1000, true);
            List<String> words = new ArrayList<>();
            splitter.startCleaned(text);
            splitter.split((chars, stored, length) -> words.add(new String(chars, 0, stored) + "/" + length));
            assertThat(words).as("text \"%s\"", text).isEqualTo(split(1000, true, cleaned));
        }
    }

    /** The splitting rules read one char at a time, as "stored chars/true length" with no length limit. */
    private static List<String> charByChar(String text, boolean skipLinks) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (!WordSplitter.isWordChar(text.charAt(i))) {
                i++;
                continue;
            }
            String rest = text.substring(i).toLowerCase(Locale.ROOT);
            if (skipLinks && (rest.startsWith("http://") || rest.startsWith("https://") || rest.startsWith("www."))) {
                while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '<' && text.charAt(i) != '"') {
                    i++;
                }
                continue;
            }
            StringBuilder word = new StringBuilder();
            while (true) {
                while (i < n && WordSplitter.isWordChar(text.charAt(i))) {
                    word.append(Character.toLowerCase(text.charAt(i++)));
                }
                int joiners = i;
                while (joiners < n && ".-_'".indexOf(text.charAt(joiners)) >= 0) {
                    joiners++;
                }
                if (joiners == i || joiners == n || !WordSplitter.isWordChar(text.charAt(joiners))) {
                    break;
                }
                word.append(text, i, joiners);
                i = joiners;
            }
            words.add(word + "/" + word.length());
        }
        return words;
    }
}
