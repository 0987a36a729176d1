package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextBufferTest {

    private final TextBuffer buffer = new TextBuffer();

    @Test
    void copiesStringsAndOtherTextsAndGrows() {
        assertThat(new String(buffer.copy("ab\u00E9"), 0, 3)).isEqualTo("ab\u00E9");
        String longer = "x".repeat(1000) + "\u20AC";
        assertThat(new String(buffer.copy(new StringBuilder(longer)), 0, 1001)).isEqualTo(longer);
        char[] reused = buffer.copy("short");
        assertThat(reused.length).isGreaterThanOrEqualTo(1001);
        assertThat(reused).isSameAs(buffer.array());
        assertThat(new String(reused, 0, 5)).isEqualTo("short");
        StringBuilder names = new StringBuilder("Jos\u00E9 ").append("Ann ");
        assertThat(new String(buffer.copy(names), 0, 9)).isEqualTo("Jos\u00E9 Ann ");
        assertThat(new String(buffer.copy(names.append('\u4E2D')), 0, 10)).isEqualTo("Jos\u00E9 Ann \u4E2D");
        assertThat(buffer.length()).isEqualTo(10);
    }

    @Test
    void copiesARangeOfAString() {
        String link = "http://example.com/Path/\u00E9t\u00E9?q=1";
        assertThat(new String(buffer.copy(link, 18, link.length()), 0, buffer.length())).isEqualTo("/Path/\u00E9t\u00E9?q=1");
        assertThat(buffer.copy(link, 7, 7)).isSameAs(buffer.array());
        assertThat(buffer.length()).isZero();
        assertThat(buffer.toString()).isEmpty();
    }

    /** As a CharSequence it is the latest copy only, not what an earlier, longer one left behind. */
    @Test
    void isTheTextItHolds() {
        buffer.copy("a longer text");
        buffer.copy("Short");
        assertThat(buffer.length()).isEqualTo(5);
        assertThat(buffer.charAt(0)).isEqualTo('S');
        assertThat(buffer.toString()).isEqualTo("Short");
        assertThat(buffer.subSequence(1, 3).toString()).isEqualTo("ho");
        assertThatThrownBy(() -> buffer.charAt(5)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> buffer.subSequence(2, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        TextBuffer other = new TextBuffer();
        assertThat(new String(other.copy(buffer), 0, 5)).isEqualTo("Short");
        assertThat(other.toString()).isEqualTo("Short");
    }

    @Test
    void shortenKeepsTheFirstChars() {
        TextBuffer buffer = new TextBuffer();
        buffer.copy("abcdef");
        buffer.shorten(3);
        assertThat(buffer.toString()).isEqualTo("abc");
        assertThatThrownBy(() -> buffer.shorten(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** A reused buffer keeps an ordinary text's array, and gives up one a long text grew, to copy on as before. */
    @Test
    void releaseGivesUpOnlyAnArrayGrownPastTheBound() {
        buffer.copy("x".repeat(TextBuffer.MAX_KEPT_CHARS));
        char[] kept = buffer.array();
        buffer.release();
        assertThat(buffer.length()).isZero();
        assertThat(buffer.array()).isSameAs(kept);

        buffer.copy("y".repeat(TextBuffer.MAX_KEPT_CHARS + 1));
        buffer.release();
        assertThat(buffer.length()).isZero();
        assertThat(buffer.array().length).isLessThanOrEqualTo(TextBuffer.MAX_KEPT_CHARS);
        assertThat(new String(buffer.copy("after"), 0, 5)).isEqualTo("after");
        assertThat(buffer.toString()).isEqualTo("after");
    }
}
