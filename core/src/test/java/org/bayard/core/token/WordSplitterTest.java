package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WordSplitterTest {

    /** Each word as "stored chars/true length". */
    private static List<String> split(int maxWordLength, boolean skipLinks, CharSequence text) {
        List<String> words = new ArrayList<>();
        new WordSplitter(maxWordLength, skipLinks).split(text, (chars, stored, length) -> words.add(new String(chars, 0, stored) + "/" + length));
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
        splitter.split("a much longer first text", sink);
        splitter.split(new StringBuilder("Short"), sink);
        assertThat(words).containsExactly("a", "much", "longer", "first", "text", "short");
    }
}
