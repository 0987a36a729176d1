package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextCleanerTest {

    private final TextCleaner cleaner = new TextCleaner();

    @Test
    void asciiTextIsReturnedAsIs() {
        String text = "plain ascii, nothing to do";
        assertThat(cleaner.clean(text)).isSameAs(text);
    }

    @Test
    void invisiblesAreRemovedWhereverTheyAre() {
        assertThat(cleaner.clean("\u200Bfr\u200B\u200Cee\u00AD mo\uFEFFney\u2060").toString()).isEqualTo("free money");
        assertThat(cleaner.clean("caf\u00E9\u200D").toString()).isEqualTo("caf\u00E9");
    }

    @Test
    void aBuilderIsCleanedLikeAString() {
        StringBuilder text = new StringBuilder("\uFF26r\u200Bee");
        assertThat(cleaner.clean(text).toString()).isEqualTo("Free");
        StringBuilder ascii = new StringBuilder("plain");
        assertThat(cleaner.clean(ascii)).isSameAs(ascii);
    }

    @Test
    void compatibilityFormsAreFolded() {
        assertThat(cleaner.clean("\uFF26\uFF32\uFF25\uFF25 \uFB01ne \u2460").toString()).isEqualTo("FREE fine 1");
    }

    @Test
    void theBufferIsReusedWithoutLeftovers() {
        assertThat(cleaner.clean("l\u00E4nger text\u200B").toString()).isEqualTo("l\u00E4nger text");
        assertThat(cleaner.clean("\u00E4").toString()).isEqualTo("\u00E4");
    }
}
