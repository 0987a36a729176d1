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
    /**
     * On random subjects of letters of both cases (ASCII and not), digits, spaces and
     * punctuation (ASCII and not), the features after the words are the runs and the shouting
     * of a reading of the cleaned text that finds the runs first and counts the letters after.
     */
    @Test
    void runsAndShoutingAgreeWithTwoSeparatePasses() {
        String alphabet = "AAAAaaaaZz09 !!$?.-\u00C9\u00E9\u03A3\u00DF\u00AB\u00BB\u4E2D\u2014\t";
        java.util.Random random = new java.util.Random(3);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder subject = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                subject.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            List<String> all = features(subject.toString()); // the words, then the runs and the shape
            List<String> expected = twoPasses(subject.toString());
            assertThat(all.subList(Math.max(0, all.size() - expected.size()), all.size()))
                    .as(subject.toString()).isEqualTo(expected);
        }
    }

    /**
     * The chars where "punctuation" and "letter" could overlap: upper case that is no letter
     * (circled and Roman-numeral capitals), title case, marks, format chars, no-break and
     * zero-width spaces, the halves of a surrogate pair, controls, digits of other scripts.
     */
    @Test
    void runsAndShoutingAgreeWithTwoSeparatePassesOnUnicodeEdges() {
        String alphabet = "AAAAaZ !?.\u24B6\u24D0\u2160\u2170\u01C5\u0301\u00AD\u00A0\u200B\uFEFF"
                + "\uD835\uDC00\u0660\u00B2\u00BD\u2028\u0085\u001F\u007F\u3000\u02B0\u00AA";
        java.util.Random random = new java.util.Random(1822);
        for (int round = 0; round < 20_000; round++) {
            StringBuilder subject = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                subject.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            List<String> all = features(subject.toString());
            List<String> expected = twoPasses(subject.toString());
            assertThat(all.subList(Math.max(0, all.size() - expected.size()), all.size()))
                    .as(subject.toString()).isEqualTo(expected);
        }
    }

    /** The punctuation runs, then the shouting, as two readings of the cleaned subject. */
    private static List<String> twoPasses(String subject) {
        TextBuffer text = new TextBuffer();
        TextCleaner.clean(subject, text);
        String t = text.toString();
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i <= t.length(); i++) {
            char c = i < t.length() ? t.charAt(i) : ' ';
            boolean punctuation = !Character.isWhitespace(c) && !Character.isLetterOrDigit(c) && !Character.isISOControl(c)
                    && (c >= 0x80 || c > ' ' && c < 0x7F);
            if (punctuation) {
                if (run.length() < 8) {
                    run.append(c);
                }
            } else if (!run.isEmpty()) {
                out.add("subject:" + run);
                run.setLength(0);
            }
        }
        int letters = 0;
        int upper = 0;
        for (char c : t.toCharArray()) {
            if (Character.isLetter(c)) {
                letters++;
                upper += Character.isUpperCase(c) ? 1 : 0;
            }
        }
        if (letters >= 6 && upper * 10 >= letters * 8) {
            out.add("subject:shape:caps");
        }
        return out;
    }
}
