package org.bayard.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WhitespaceTest {

    /** Every range of each text, stripped by the two ends, equals String.strip of its substring. */
    @Test
    void stripsARangeAsStringStripDoes() {
        for (String text : new String[] {"", " ", "\t\r\n ", " a ", "ab", "\u2003x y\u3000", "\u00a0z\u00a0", " é\u2028"}) {
            for (int from = 0; from <= text.length(); from++) {
                for (int to = from; to <= text.length(); to++) {
                    int start = Whitespace.stripStart(text, from, to);
                    int end = Whitespace.stripEnd(text, start, to);
                    assertThat(text.substring(start, end)).as("%s[%d, %d)", text, from, to)
                            .isEqualTo(text.substring(from, to).strip());
                }
            }
        }
    }
}
