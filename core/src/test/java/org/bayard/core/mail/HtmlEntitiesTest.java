package org.bayard.core.mail;

import org.jsoup.nodes.Entities;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

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

    /**
     * Our lookup of legacy names against jsoup's own, on every legacy name (read from jsoup's
     * table, so that a new jsoup with a longer name fails here), each with text after it, each
     * cut short, and names that are none.
     */
    @Test
    void legacyPrefixAnswersAsJsoupDoes() throws ReflectiveOperationException {
        var table = Class.forName("org.jsoup.nodes.EntitiesData").getDeclaredField("basePoints");
        table.setAccessible(true);
        List<String> inputs = new ArrayList<>(List.of("", "b", "id", "notit", "ampx", "copy2", "frac1234", "x".repeat(5000)));
        for (String entry : ((String) table.get(null)).split("&")) {
            String name = entry.substring(0, entry.indexOf('='));
            assertThat(name.length()).isLessThanOrEqualTo(HtmlEntities.LONGEST_LEGACY_NAME);
            for (int cut = 1; cut <= name.length(); cut++) {
                inputs.add(name.substring(0, cut));
            }
            inputs.add(name + "x");
            inputs.add(name + "lt");
            inputs.add(name.toUpperCase());
        }
        assertThat(inputs).hasSizeGreaterThan(500);
        for (String input : inputs) {
            assertThat(HtmlEntities.legacyPrefix(input)).as(input).isEqualTo(Entities.findPrefix(input));
        }
    }

    @Test
    void bareNamesInAttributesAsBrowsersReadThem() {
        assertThat(HtmlEntities.decodeAttribute("&copy;", 0, 6)).isEqualTo("©");
        assertThat(HtmlEntities.decodeAttribute("&copy", 0, 5)).isEqualTo("©");
        assertThat(HtmlEntities.decodeAttribute("&copyx", 0, 6)).isEqualTo("&copyx");
        assertThat(HtmlEntities.decodeAttribute("&copy=1", 0, 7)).isEqualTo("&copy=1");
        assertThat(HtmlEntities.decodeAttribute("&copy2", 0, 6)).isEqualTo("&copy2");
        assertThat(HtmlEntities.decodeAttribute("&notit", 0, 6)).isEqualTo("&notit");
        assertThat(HtmlEntities.decodeAttribute("&not", 0, 4)).isEqualTo("¬");
        assertThat(HtmlEntities.decodeAttribute("&notin;", 0, 7)).isEqualTo("∉");
        assertThat(HtmlEntities.decodeAttribute("&amp=", 0, 5)).isEqualTo("&amp=");
        assertThat(HtmlEntities.decodeAttribute("&ampx", 0, 5)).isEqualTo("&ampx");
        assertThat(HtmlEntities.decodeAttribute("&AMP", 0, 4)).isEqualTo("&");
        assertThat(HtmlEntities.decodeAttribute("&lt", 0, 3)).isEqualTo("<");
        assertThat(HtmlEntities.decodeAttribute("&frac12", 0, 7)).isEqualTo("½");
        assertThat(HtmlEntities.decodeAttribute("&frac12x", 0, 8)).isEqualTo("&frac12x");
        assertThat(HtmlEntities.decodeAttribute("&id=5&b&c;", 0, 10)).isEqualTo("&id=5&b&c;");
        assertThat(HtmlEntities.decodeAttribute("&eacute=", 0, 8)).isEqualTo("&eacute=");
        assertThat(HtmlEntities.decodeAttribute("&eacute", 0, 7)).isEqualTo("é");
        assertThat(HtmlEntities.decodeAttribute("&Eacute!", 0, 8)).isEqualTo("É!");
        assertThat(HtmlEntities.decodeAttribute("&nbsp=", 0, 6)).isEqualTo("&nbsp=");
        assertThat(HtmlEntities.decodeAttribute("&nbsp", 0, 5)).isEqualTo(" ");
        assertThat(HtmlEntities.decodeAttribute("&lt;=", 0, 5)).isEqualTo("<=");
        assertThat(HtmlEntities.decodeAttribute("&gt=", 0, 4)).isEqualTo("&gt=");
        assertThat(HtmlEntities.decodeAttribute("&=", 0, 2)).isEqualTo("&=");
        assertThat(HtmlEntities.decodeAttribute("&Aring;x&aring", 0, 14)).isEqualTo("Åxå");
    }

    /**
     * jsoup's findPrefix, which this reader once used, answers "" for every name until some other
     * lookup has loaded jsoup's tables, so the first bare name a JVM met stayed undecoded. Here
     * the decoding is the first thing a fresh class loader does.
     */
    @Test
    void aBareNameDecodesEvenAsTheFirstLookupInTheJvm() throws Exception {
        URL ours = HtmlEntities.class.getProtectionDomain().getCodeSource().getLocation();
        URL jsoup = Entities.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {ours, jsoup}, ClassLoader.getPlatformClassLoader())) {
            Method decode = fresh.loadClass(HtmlEntities.class.getName()).getDeclaredMethod("decodeAttribute", String.class, int.class, int.class);
            decode.setAccessible(true);
            assertThat(decode.invoke(null, "&copy", 0, 5)).isEqualTo("\u00a9");
        }
    }
}
