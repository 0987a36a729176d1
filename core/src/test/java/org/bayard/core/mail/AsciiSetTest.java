package org.bayard.core.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AsciiSetTest {

    @Test
    void lettersAndDigitsAreWhatCharacterSaysBelow0x80() {
        AsciiSet set = AsciiSet.lettersAndDigits();
        for (char c = 0; c < 0x80; c++) {
            assertThat(set.contains(c)).as("U+%04X", (int) c).isEqualTo(Character.isLetterOrDigit(c));
        }
    }

    @Test
    void addedCharsAreMembersAndNothingElseIs() {
        AsciiSet set = AsciiSet.lettersAndDigits().with(".-_~\u007f\u0000");
        for (char c = 0; c < 0x80; c++) {
            boolean expected = Character.isLetterOrDigit(c) || ".-_~\u007f\u0000".indexOf(c) >= 0;
            assertThat(set.contains(c)).as("U+%04X", (int) c).isEqualTo(expected);
        }
    }

    /** The mask's shifts wrap at 64 bits: chars past 0x7F must not alias ASCII members. */
    @Test
    void noCharAbove0x7FIsAMember() {
        AsciiSet set = AsciiSet.lettersAndDigits().with(".!#$%&'*+-/=?^_`{|}~");
        for (char c = 0x80; c != 0; c++) {
            assertThat(set.contains(c)).as("U+%04X", (int) c).isFalse();
        }
    }

    @Test
    void refusesCharsBeyondAscii() {
        assertThatThrownBy(() -> AsciiSet.lettersAndDigits().with("\u00e9")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printableButIsSpaceToTildeWithoutTheExcluded() {
        AsciiSet set = AsciiSet.printableBut(" ()/");
        for (char c = 0; c < 0x100; c++) {
            boolean printable = c >= ' ' && c <= '~';
            assertThat(set.contains(c)).as("%04x", (int) c).isEqualTo(printable && " ()/".indexOf(c) < 0);
        }
    }
}
