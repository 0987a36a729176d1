package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlNameKeyTest {

    @Test
    void theSameKeyInAnyAsciiCaseAndInPlace() {
        assertThat(HtmlNameKey.of("<DiV class=x>", 1, 4)).isEqualTo(HtmlNameKey.of("div")).isNotEqualTo(HtmlNameKey.NONE);
        assertThat(HtmlNameKey.of("H1")).isEqualTo(HtmlNameKey.of("h1"));
    }

    @Test
    void namesThatDifferHaveKeysThatDiffer() {
        assertThat(HtmlNameKey.of("a")).isNotEqualTo(HtmlNameKey.of("aa"));
        assertThat(HtmlNameKey.of("td")).isNotEqualTo(HtmlNameKey.of("dt"));
        assertThat(HtmlNameKey.of("h1")).isNotEqualTo(HtmlNameKey.of("ha"));
        assertThat(HtmlNameKey.of("background")).isNotEqualTo(HtmlNameKey.of("backgroune"));
    }

    @Test
    void noKeyForNamesNoKnownNameCouldBe() {
        assertThat(HtmlNameKey.of("")).isEqualTo(HtmlNameKey.NONE);
        assertThat(HtmlNameKey.of("cellpadding")).isEqualTo(HtmlNameKey.NONE); // eleven chars
        assertThat(HtmlNameKey.of("o:p")).isEqualTo(HtmlNameKey.NONE);
        assertThat(HtmlNameKey.of("d\u0130v")).isEqualTo(HtmlNameKey.NONE); // not an ASCII letter, though it lower-cases to one
        assertThat(HtmlNameKey.of("\u212Abd")).isEqualTo(HtmlNameKey.NONE); // the Kelvin sign
    }

    @Test
    void appendingCodesCharByCharGivesTheKeyOfTheWhole() {
        for (String name : new String[] {"a", "Blockquote", "h6", "cellpadding", "o:p", "font", "d\u0130v", "=x"}) {
            long key = HtmlNameKey.EMPTY;
            boolean allNameChars = true;
            for (int i = 0; i < name.length(); i++) {
                int code = HtmlNameKey.code(name.charAt(i));
                key = HtmlNameKey.append(key, code);
                allNameChars &= code != 0;
            }
            assertThat(HtmlNameKey.finish(key, name.length(), allNameChars)).as(name).isEqualTo(HtmlNameKey.of(name));
        }
        assertThat(HtmlNameKey.finish(HtmlNameKey.EMPTY, 0, true)).isEqualTo(HtmlNameKey.NONE);
    }

    @Test
    void aNameLongerThanAKeyHoldsHasNoKeyEvenWhereItsLastCharsMatchAName() {
        // "pbackground": eleven codes shift the first one's low bits ('p' is 16) out of the long
        long key = HtmlNameKey.EMPTY;
        for (char c : "pbackground".toCharArray()) {
            key = HtmlNameKey.append(key, HtmlNameKey.code(c));
        }
        assertThat(key).isEqualTo(HtmlNameKey.of("background"));
        assertThat(HtmlNameKey.finish(key, 11, true)).isEqualTo(HtmlNameKey.NONE);
    }
}
