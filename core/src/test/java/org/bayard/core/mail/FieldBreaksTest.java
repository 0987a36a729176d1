package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FieldBreaksTest {

    private static List<Integer> breaks(FieldBreaks breaks, int before) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < breaks.count() && breaks.at(k) < before; k++) {
            out.add(breaks.at(k));
        }
        return out;
    }

    @Test
    void aScanNotesEveryCrAndLfAndAnyHighByte() {
        byte[] bytes = "a\r\n b\rc\n".getBytes(StandardCharsets.ISO_8859_1);
        FieldBreaks breaks = new FieldBreaks(Integer.MAX_VALUE).scan(bytes, 0, bytes.length);
        assertThat(breaks(breaks, bytes.length)).containsExactly(1, 2, 5, 7);
        assertThat(breaks.nonAscii()).isFalse();
        byte[] eightBit = "a\n caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(new FieldBreaks(Integer.MAX_VALUE).scan(eightBit, 0, eightBit.length).nonAscii()).isTrue();
        assertThat(new FieldBreaks(Integer.MAX_VALUE).scan(eightBit, 0, 5).nonAscii()).isFalse(); // the high byte is past the range
    }

    /**
     * On random ranges of controls around CR and LF (a tab, NUL, VT, FF, SO), the breaks noted
     * are the CRs and LFs a byte-by-byte reading finds, up to a line's first high byte (the rest
     * of such a line, its LF included, is not noted).
     */
    @Test
    void aScanNotesOnlyCrAndLfAmongTheControls() {
        Random random = new Random(9);
        byte[] alphabet = {'a', 'a', 'a', 0x00, 0x09, 0x0B, 0x0C, 0x0E, '\r', '\n', (byte) 0xE9};
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            List<Integer> expected = new ArrayList<>();
            boolean inHighLine = false;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] < 0) {
                    inHighLine = true;
                } else if (!inHighLine && (bytes[i] == '\r' || bytes[i] == '\n')) {
                    expected.add(i);
                }
                if (bytes[i] == '\n') {
                    inHighLine = false;
                }
            }
            FieldBreaks scanned = new FieldBreaks(Integer.MAX_VALUE).scan(bytes, 0, bytes.length);
            assertThat(breaks(scanned, bytes.length)).as("round " + round).isEqualTo(expected);
        }
    }

    /** What the splitter notes as it cuts fields is what a scan of each field alone finds, on random headers. */
    @Test
    void theSplittersBreaksAreThoseOfAScanOfEachField() {
        Random random = new Random(5);
        String alphabet = "aaaaa:: \t\r\n\n\n\u00e9";
        for (int round = 0; round < 20_000; round++) {
            String header = DecoderTesting.random(random, alphabet, 60);
            byte[] bytes = ("<" + header).getBytes(StandardCharsets.ISO_8859_1);
            FieldSplitter fields = new FieldSplitter(bytes, 1, bytes.length, new Anomalies(new Recorder()));
            while (fields.next()) {
                FieldBreaks scanned = new FieldBreaks(Integer.MAX_VALUE).scan(bytes, fields.fieldFrom(), fields.fieldTo());
                String as = "field [%d, %d) of %s".formatted(fields.fieldFrom(), fields.fieldTo(),
                        header.replace("\r", "\\r").replace("\n", "\\n"));
                assertThat(fields.breaks().nonAscii()).as(as).isEqualTo(scanned.nonAscii());
                if (!scanned.nonAscii()) { // past a high byte the breaks are not needed, nor all noted
                    assertThat(breaks(fields.breaks(), fields.fieldTo())).as(as).isEqualTo(breaks(scanned, fields.fieldTo()));
                }
            }
        }
    }
}
