package org.bayard.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrintableTest {
    /** A Cyrillic or CJK token was printed as a row of \\uXXXX escapes nobody reads. */
    @Test
    void lettersOfEveryScriptStayReadableWhereTheOutputCanShowThem() {
        assertThat(Printable.forOutput("osb1:café привет 日本語 😀", StandardCharsets.UTF_8)).isEqualTo("osb1:café привет 日本語 😀");
    }

    @Test
    void whatCanDriveATerminalOrHideTextIsEscaped() {
        assertThat(Printable.forOutput("a\u001b[31mb\u009b2Jc\u202ed\u200be\u00a0f\ng\u2028\"\\", StandardCharsets.UTF_8))
                .isEqualTo("a\\u001b[31mb\\u009b2Jc\\u202ed\\u200be\\u00a0f\\u000ag\\u2028\\\"\\\\");
    }

    @Test
    void whatTheOutputsCharsetCannotEncodeIsEscaped() {
        assertThat(Printable.forOutput("café привет", StandardCharsets.ISO_8859_1)).isEqualTo("café \\u043f\\u0440\\u0438\\u0432\\u0435\\u0442");
        assertThat(Printable.forOutput("café \ud83d\ude00", StandardCharsets.US_ASCII)).isEqualTo("caf\\u00e9 \\ud83d\\ude00");
        assertThat(Printable.forOutput("lone \ud83d surrogate", StandardCharsets.UTF_8)).isEqualTo("lone \\ud83d surrogate");
    }
}
