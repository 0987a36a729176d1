package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextBufferTest {

    private final TextBuffer buffer = new TextBuffer();

    @Test
    void copiesStringsAndOtherTextsAndGrows() {
        assertThat(new String(buffer.copy("ab\u00E9"), 0, 3)).isEqualTo("ab\u00E9");
        String longer = "x".repeat(1000) + "\u20AC";
        assertThat(new String(buffer.copy(new StringBuilder(longer)), 0, 1001)).isEqualTo(longer);
        char[] reused = buffer.copy("short");
        assertThat(reused.length).isGreaterThanOrEqualTo(1001);
        assertThat(new String(reused, 0, 5)).isEqualTo("short");
    }
}
