package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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
}
