package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BareUrlsTest {

    private static List<String> found(CharSequence text) {
        Recorder r = new Recorder();
        BareUrls.find(text, r);
        return r.urls;
    }

    @Test
    void findsLinksAtWordStartsInAnyCase() {
        assertThat(found("Visit HTTP://Example.com/x. Or Www.Shop.example, or https://b.example/?q=1)"))
                .containsExactly("HTTP://Example.com/x", "Www.Shop.example", "https://b.example/?q=1");
    }

    @Test
    void ignoresLinksInsideOtherWords() {
        assertThat(found("xhttp://a.example a.www.b.example mailto:http://c.example http:/d.example")).isEmpty();
    }

    @Test
    void aLinkRightAfterAnotherIsFoundAndLongLinksAreCut() {
        assertThat(found("http://a.example<http://b.example>")).containsExactly("http://a.example", "http://b.example");
        String path = "p".repeat(3000);
        assertThat(found(new StringBuilder("www.a.example/" + path))).singleElement()
                .satisfies(url -> assertThat(url).hasSize(BareUrls.MAX_URL_CHARS).startsWith("www.a.example/pp"));
    }

    @Test
    void nonAsciiTextAroundLinksIsFine() {
        assertThat(found("Grüße: www.bücher.example ünd http://x.example/ä")).containsExactly("www.b", "http://x.example/");
    }

    @Test
    void invisibleCharsInsideALinkDoNotHideIt() {
        // a zero-width space, soft hyphen or joiner renders as nothing: the reader still sees the link
        assertThat(found("Click ht\u200Btp://lb.bcen\u200Btral.com/ex or w\u00ADww.sh\u200Dop.example now \uFEFFhttps://a.example/\u202Ex"))
                .containsExactly("http://lb.bcentral.com/ex", "www.shop.example", "https://a.example/x");
    }

    @Test
    void linksThatOverlapOrAbutAreFoundOnce() {
        assertThat(found("https://www.a.example")).containsExactly("https://www.a.example");
        assertThat(found("http://a.example.www.b.example https://http://c.example")).containsExactly(
                "http://a.example.www.b.example", "https://http://c.example");
        assertThat(found("www.www.a. www.")).containsExactly("www.www.a", "www");
        assertThat(found("hhttp://a.example httpss://b.example :// .www")).isEmpty();
        assertThat(found("http://a.example,www.b.example")).containsExactly("http://a.example,www.b.example");
        assertThat(found("www.a.example<www.b.example")).containsExactly("www.a.example", "www.b.example");
    }

    /** Any text: the same links as a char-by-char scan of every position, the simplest reading of the rules. */
    @Test
    void agreesWithAScanOfEveryPosition() {
        Random random = new Random(7);
        String[] pieces = {"http://", "https://", "HTTPS://", "www.", "WwW.", "w", "h", "ttp", ":", "//", ".", " ", "a",
                "x.y", "<", ")", "\u00fc", "\u0130", "-", "/", "\n"};
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            assertThat(found(text)).as(text.toString()).isEqualTo(scanEveryPosition(text.toString()));
        }
    }

    /** Every char, in each place of a link's prefix and inside a link: the fast case folding and char set agree with the rules. */
    @Test
    void everyCharIsFoldedAndClassifiedAsTheRulesSay() {
        List<String> disagreements = new ArrayList<>();
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String ch = String.valueOf((char) c);
            for (String text : List.of(ch + "ww.x", "ww" + ch + ".x", "www" + ch + "x", "h" + ch + "tps://x", "http" + ch + "//x",
                    "http:/" + ch + "x", "http://a" + ch + "b")) {
                if (!found(text).equals(scanEveryPosition(text))) {
                    disagreements.add(text);
                }
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static List<String> scanEveryPosition(String withInvisibles) {
        StringBuilder visible = new StringBuilder(); // invisible chars are not there for the reader
        withInvisibles.chars().filter(c -> !Invisibles.is((char) c)).forEach(c -> visible.append((char) c));
        String text = visible.toString();
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            String rest = text.substring(i).toLowerCase(java.util.Locale.ROOT);
            boolean prefix = rest.startsWith("http://") || rest.startsWith("https://") || rest.startsWith("www.");
            if (!prefix || i > 0 && isInsideWord(text.charAt(i - 1))) {
                continue;
            }
            int end = i;
            while (end < text.length() && end - i < BareUrls.MAX_URL_CHARS && text.charAt(end) > ' '
                    && text.charAt(end) < 0x7f && "<>\"'`{}|\\^".indexOf(text.charAt(end)) < 0) {
                end++;
            }
            while (end > i && ".,;:!?)]".indexOf(text.charAt(end - 1)) >= 0) {
                end--;
            }
            urls.add(text.substring(i, end));
            i = end;
        }
        return urls;
    }

    private static boolean isInsideWord(char c) {
        return Character.isLetterOrDigit(c) || "/.@-_:%".indexOf(c) >= 0;
    }
}
