package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.util.List;

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
}
