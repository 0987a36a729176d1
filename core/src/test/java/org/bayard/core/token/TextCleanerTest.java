package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextCleanerTest {

    private final TextBuffer buffer = new TextBuffer();

    private String clean(CharSequence text) {
        TextCleaner.clean(text, buffer);
        return buffer.toString();
    }

    @Test
    void asciiTextIsCopiedUnchanged() {
        assertThat(clean("plain ascii, nothing to do\u007F")).isEqualTo("plain ascii, nothing to do\u007F");
    }

    /** The cleaner writes into the buffer its reader scans: ASCII text costs that one copy and nothing else. */
    @Test
    void asciiTextIsCopiedOnceIntoTheBuffer() {
        char[] array = buffer.copy("x".repeat(100));
        TextCleaner.clean("plain", buffer);
        assertThat(buffer.array()).isSameAs(array);
        assertThat(buffer.length()).isEqualTo(5);
        assertThat(new String(array, 0, 5)).isEqualTo("plain");
    }

    @Test
    void invisiblesAreRemovedWhereverTheyAre() {
        assertThat(clean("\u200Bfr\u200B\u200Cee\u00AD mo\uFEFFney\u2060")).isEqualTo("free money");
        assertThat(clean("caf\u00E9\u200D")).isEqualTo("caf\u00E9");
    }

    @Test
    void aBuilderIsCleanedLikeAString() {
        assertThat(clean(new StringBuilder("\uFF26r\u200Bee"))).isEqualTo("Free");
        assertThat(clean(new StringBuilder("plain"))).isEqualTo("plain");
    }

    @Test
    void compatibilityFormsAreFolded() {
        assertThat(clean("\uFF26\uFF32\uFF25\uFF25 \uFB01ne \u2460")).isEqualTo("FREE fine 1");
    }

    /** NFKC may make the text longer than the copy: U+FDFA is one char and becomes 18. */
    @Test
    void foldingMayLengthenTheText() {
        assertThat(clean("\uFDFA")).hasSize(18).isEqualTo(java.text.Normalizer.normalize("\uFDFA", java.text.Normalizer.Form.NFKC));
    }

    @Test
    void theBufferIsReusedWithoutLeftovers() {
        assertThat(clean("l\u00E4nger text\u200B")).isEqualTo("l\u00E4nger text");
        assertThat(clean("\u00E4")).isEqualTo("\u00E4");
        assertThat(clean("ab")).isEqualTo("ab");
    }
}
