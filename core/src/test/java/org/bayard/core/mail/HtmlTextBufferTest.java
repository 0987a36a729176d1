package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTextBufferTest {

    @Test
    void appendsLatin1AndWiderTextInAnyOrder() {
        HtmlTextBuffer buffer = new HtmlTextBuffer(0);
        buffer.append("<b>caf\u00e9</b>", 3, 7).append(' ').appendCodePoint(0x2019).append("plain", 0, 5).appendCodePoint(0x1F600);
        assertThat(buffer).hasToString("caf\u00e9 \u2019plain\uD83D\uDE00");
        assertThat(buffer.length()).isEqualTo(13);
        assertThat(buffer.charAt(5)).isEqualTo('\u2019');
    }

    @Test
    void appendsAnotherBuffersCharsAndCharArrays() {
        HtmlTextBuffer decoded = new HtmlTextBuffer(4).append("x\u2014y");
        HtmlTextBuffer run = new HtmlTextBuffer(1).append(decoded.array(), 1, 3).append("abc".toCharArray(), 1, 2);
        assertThat(run).hasToString("\u2014yb");
        assertThat(run.subSequence(1, 3)).hasToString("yb");
    }

    @Test
    void growsPastItsCapacityAndEmptiesForReuse() {
        HtmlTextBuffer buffer = new HtmlTextBuffer(16);
        String long1 = "word ".repeat(1000);
        buffer.append(long1).append(long1, 0, 3);
        assertThat(buffer.length()).isEqualTo(5003);
        buffer.clear();
        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.append("again")).hasToString("again");
    }

    @Test
    void blankAsStringsJudgeIt() {
        assertThat(new HtmlTextBuffer(0).isBlank()).isTrue();
        assertThat(new HtmlTextBuffer(0).append(" \t\n\u2003\u3000").isBlank()).isTrue();
        assertThat(new HtmlTextBuffer(0).append(" \u00a0 ").isBlank()).isFalse(); // a no-break space is not white space to Java
        assertThat(new HtmlTextBuffer(0).append("  x ").isBlank()).isFalse();
    }
}
