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
    void aRangeOfACharArrayHasTheKeyOfTheSameChars() {
        char[] doc = "<Blockquote><H6><cellpadding><o:p>".toCharArray();
        assertThat(HtmlNameKey.of(doc, 1, 11)).isEqualTo(HtmlNameKey.of("blockquote")).isNotEqualTo(HtmlNameKey.NONE);
        assertThat(HtmlNameKey.of(doc, 13, 15)).isEqualTo(HtmlNameKey.of("h6"));
        assertThat(HtmlNameKey.of(doc, 17, 28)).isEqualTo(HtmlNameKey.NONE); // eleven chars
        assertThat(HtmlNameKey.of(doc, 30, 33)).isEqualTo(HtmlNameKey.NONE);
        assertThat(HtmlNameKey.of(doc, 1, 1)).isEqualTo(HtmlNameKey.NONE);
    }
}
