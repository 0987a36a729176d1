package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SingleCharNfkcTest {

    private static String nfkc(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFKC);
    }

    private static List<Character> covered() {
        List<Character> chars = new ArrayList<>();
        for (int c = 1; c <= Character.MAX_VALUE; c++) {
            if (SingleCharNfkc.of((char) c) != 0) {
                chars.add((char) c);
            }
        }
        return chars;
    }

    @Test
    void commonCharsFoldAsTheNormalizerDoes() {
        assertThat(SingleCharNfkc.of('\u00A0')).isEqualTo(' '); // no-break space
        assertThat(SingleCharNfkc.of('\u00E9')).isEqualTo('\u00E9');
        assertThat(SingleCharNfkc.of('\u2019')).isEqualTo('\u2019');
        assertThat(SingleCharNfkc.of('\u00B2')).isEqualTo('2');
        assertThat(SingleCharNfkc.of('\u2002')).isEqualTo(' ');
    }

    @Test
    void charsThatBecomeSeveralOrMayComposeAreNotCovered() {
        assertThat(SingleCharNfkc.of('\u00BD')).isEqualTo((char) 0); // "1/2" in three chars
        assertThat(SingleCharNfkc.of('\u2026')).isEqualTo((char) 0); // "..."
        assertThat(SingleCharNfkc.of('\u0301')).isEqualTo((char) 0); // a combining accent
        assertThat(SingleCharNfkc.of('\u3131')).isEqualTo((char) 0); // a Hangul letter that composes
        assertThat(SingleCharNfkc.of('\uFF21')).isEqualTo((char) 0); // outside the table
        assertThat(SingleCharNfkc.of('\u0000')).isEqualTo((char) 0);
    }

    @Test
    void everyCoveredCharIsItsOwnNormalForm() {
        for (char c : covered()) {
            assertThat(String.valueOf(SingleCharNfkc.of(c))).as("U+%04X", (int) c).isEqualTo(nfkc(String.valueOf(c)));
        }
    }

    /** Normalisation works on neighbours: a text made of covered chars folds char by char if every pair does. */
    @Test
    void everyPairOfCoveredCharsNormalisesCharByChar() {
        List<Character> chars = covered();
        assertThat(chars).hasSizeGreaterThan(800);
        char[] pair = new char[2];
        for (char a : chars) {
            pair[0] = a;
            for (char b : chars) {
                pair[1] = b;
                String normal = nfkc(new String(pair));
                assertThat(normal.length() == 2 && normal.charAt(0) == SingleCharNfkc.of(a)
                        && normal.charAt(1) == SingleCharNfkc.of(b)).as("U+%04X U+%04X", (int) a, (int) b).isTrue();
            }
        }
    }

    @Test
    void longerTextsOfCoveredCharsNormaliseCharByChar() {
        List<Character> chars = covered();
        Random random = new Random(42);
        for (int t = 0; t < 20_000; t++) {
            StringBuilder text = new StringBuilder();
            StringBuilder folded = new StringBuilder();
            for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
                char c = chars.get(random.nextInt(chars.size()));
                text.append(c);
                folded.append(SingleCharNfkc.of(c));
            }
            assertThat(nfkc(text.toString())).isEqualTo(folded.toString());
        }
    }
}
