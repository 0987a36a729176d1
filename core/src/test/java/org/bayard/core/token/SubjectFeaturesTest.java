package org.bayard.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectFeaturesTest {

    private static List<String> features(String value) {
        List<String> out = new ArrayList<>();
        new SubjectFeatures((prefix, word) -> out.add(prefix + word), new WordSplitter(40, false), 40).accept(value);
        return out;
    }

    @Test
    void punctuationRunsAreCutAndShoutingIsNoted() {
        assertThat(features("FREE OFFER!!! $$$ NOW?!?!?!?!?!")).contains(
                "subject:!!!", "subject:$$$", "subject:?!?!?!?!", "subject:shape:caps");
    }

    /** Every printable ASCII char that is no letter or digit makes a run; spaces and controls end one. */
    @Test
    void everyAsciiPunctuationCharIsARun() {
        for (char c = 0x21; c < 0x7f; c++) {
            if (!Character.isLetterOrDigit(c)) {
                assertThat(features("ab " + c + c + " cd")).as("U+%04X", (int) c).contains("subject:" + c + c);
            }
        }
        assertThat(features("ab \u0001\u0001 cd")).doesNotContain("subject:\u0001\u0001");
    }

    /** Beyond ASCII the Unicode classes decide: a guillemet is punctuation, an accented capital shouts. */
    @Test
    void charsBeyondAsciiAreClassedByUnicode() {
        assertThat(features("\u00ABSALE\u00BB")).contains("subject:\u00AB", "subject:\u00BB");
        assertThat(features("\u00C9T\u00C9 CHAUD")).contains("subject:shape:caps");
        assertThat(features("\u00C9t\u00E9 chaud")).doesNotContain("subject:shape:caps");
    }
}
