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
    void cyrillicAndGreekLookAlikesInsideALatinWordBecomeLatin() {
        assertThat(clean("p\u0430yp\u0430l \u0420\u0430yP\u0430l \u0440\u0430ssw\u043Er\u0501 \u0399nv\u03BFice caf\u00E9 \u0441\u043E\u0441k"))
                .isEqualTo("paypal PayPal password Invoice caf\u00E9 cock");
    }

    @Test
    void wordsInCyrillicOrGreekKeepTheirLetters() {
        assertThat(clean("\u043F\u0430\u0440\u043E\u043B\u044C \u0441\u0430\u0439\u0442 \u03BF\u03B9\u03BA\u03BF\u03C2 \u0410 \u043E"))
                .isEqualTo("\u043F\u0430\u0440\u043E\u043B\u044C \u0441\u0430\u0439\u0442 \u03BF\u03B9\u03BA\u03BF\u03C2 \u0410 \u043E");
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

    @Test
    void latinAndPunctuationFoldWithoutTheNormalizer() {
        assertThat(clean("caf\u00E9\u00A0cr\u00E8me \u2013 \u201Cna\u00EFve\u201D\u00B2\u00AD"))
                .isEqualTo("caf\u00E9 cr\u00E8me \u2013 \u201Cna\u00EFve\u201D2");
    }

    /** The chars folded before the first one that needs the Normalizer are normalised again with the rest. */
    @Test
    void textFoldedPartlyIsNormalisedWhole() {
        assertThat(clean("a\u00A0b\u200B\u2122c\u200Bd\uFF26")).isEqualTo("a bTMcdF");
        assertThat(clean("e\u00A0\u0301")).isEqualTo(java.text.Normalizer.normalize("e \u0301", java.text.Normalizer.Form.NFKC));
        assertThat(clean("\u00E9\u0301\u00A0")).isEqualTo(java.text.Normalizer.normalize("\u00E9\u0301 ", java.text.Normalizer.Form.NFKC));
    }

    @Test
    void cleaningIsNormalisingWithoutInvisibles() {
        String[] chars = "a \u00A0\u00E9\u00BD\u0301\u0308\u2019\u2026\u200B\u00AD\uFF21\u1100\u1161\u3131\u314F\u00B5e".split("");
        assertRandomTextsCleanAsNormalised(7, chars, 20_000, 10);
    }

    /**
     * The Normalizer sees only the stretches around the chars that need it, cut before ASCII
     * chars: pieces that compose across such a cut (an ASCII letter and a combining mark, '<'
     * and U+0338, Hangul LV and T, U+0B47 and U+0B3E), pieces that grow or shrink, surrogates,
     * and ASCII runs just shorter than, as long as and longer than the run that ends a stretch.
     */
    @Test
    void textNormalisedInStretchesIsTheWholeTextNormalised() {
        String[] pieces = {"a", "e", " ", "<", "\u0301", "\u0338", "\u0306", "\u2122", "\u00E9", "\u00A0", "\u200B",
            "\u0438", "\u03B1", "\uAC00", "\u11A8", "\u1100", "\u1161", "\u0B47", "\u0B3E", "\uFDFA", "\uFB01",
            "\uD835\uDC00", "\uD835", "\u00B5", "\u0344", "\u3000", "x".repeat(63), "y".repeat(64), "z".repeat(65)};
        assertRandomTextsCleanAsNormalised(11, pieces, 50_000, 16);
    }

    /** One char that needs the Normalizer early in a long text, and another at its end. */
    @Test
    void aLongTextWithTwoFarApartCharsToNormalise() {
        String text = "a\u2122 " + "host.example.com ".repeat(2_000) + "\u0438\u0306 \u00E9\u200B";
        assertCleansAsNormalisingTheVisibleText(text);
    }

    /** {@code texts} random texts of fewer than {@code maxPieces} pieces each. */
    private void assertRandomTextsCleanAsNormalised(long seed, String[] pieces, int texts, int maxPieces) {
        java.util.Random random = new java.util.Random(seed);
        for (int t = 0; t < texts; t++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0, n = random.nextInt(maxPieces); i < n; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            assertCleansAsNormalisingTheVisibleText(text);
        }
    }

    /** What cleaning must give: the text without its invisibles, normalised whole. */
    private void assertCleansAsNormalisingTheVisibleText(CharSequence text) {
        String visible = text.chars().filter(c -> !org.bayard.core.mail.Invisibles.is((char) c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        char[] normal = java.text.Normalizer.normalize(visible, java.text.Normalizer.Form.NFKC).toCharArray();
        Homoglyphs.foldInLatinWords(normal, normal.length); // then the look-alikes next to Latin letters
        assertThat(clean(text)).as(text.toString()).isEqualTo(new String(normal));
    }
}
