package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlEntitiesTest {

    private static String text(String s) {
        HtmlTextBuffer out = new HtmlTextBuffer(0);
        HtmlEntities.decode(s, 0, s.length(), false, out);
        return out.toString();
    }

    @Test
    void namedReferencesWithTheirSemicolon() {
        assertThat(text("caf&eacute; &amp; cr&egrave;me&hellip; &NotANentity; &nbsp;x")).isEqualTo("café & crème… &NotANentity; \u00a0x");
    }

    @Test
    void legacyNamesAreReadWithoutTheSemicolonEvenInsideAWord() {
        assertThat(text("&amp &copy2002 &notit &hellip")).isEqualTo("& ©2002 ¬it &hellip");
    }

    @Test
    void numericReferencesInDecimalAndHex() {
        assertThat(text("fr&#101;e &#x46;&#X52;EE &#65x")).isEqualTo("free FREE Ax");
    }

    @Test
    void numericReferencesThatNameNoCharacterAreReplaced() {
        assertThat(text("&#0;|&#xD800;|&#x110000;|&#99999999999999999999;")).isEqualTo("\ufffd|\ufffd|\ufffd|\ufffd");
    }

    @Test
    void controlCodesAreReadAsWindows1252LikeBrowsersDo() {
        assertThat(text("&#150;&#128;&#153;")).isEqualTo("\u2013\u20ac\u2122");
        assertThat(text("&#129;&#x9d;")).isEqualTo("\u0081\u009d"); // undefined in windows-1252: kept
    }

    @Test
    void anAmpersandThatStartsNoReferenceIsText() {
        assertThat(text("a & b &# &#x; &;&")).isEqualTo("a & b &# &#x; &;&");
    }

    @Test
    void inAnAttributeABareNameFollowedByALetterDigitOrEqualsIsAQueryString() {
        String url = "http://x.example/?a=1&copy=2&copyx&amp;b&lt=3&not;";
        assertThat(HtmlEntities.decodeAttribute(url, 0, url.length())).isEqualTo("http://x.example/?a=1&copy=2&copyx&b&lt=3¬");
        assertThat(HtmlEntities.decodeAttribute("x&copy y", 0, 8)).isEqualTo("x© y");
    }

    @Test
    void decodesOnlyTheGivenRange() {
        HtmlTextBuffer out = new HtmlTextBuffer(0);
        HtmlEntities.decode("&amp;&amp;&amp;", 5, 10, false, out);
        assertThat(out).hasToString("&");
        assertThat(HtmlEntities.decodeAttribute("[&amp]", 1, 4)).isEqualTo("&am");
    }
}
