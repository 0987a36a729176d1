package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header scans that search eight bytes a step ({@link FieldBreaks#scanLine},
 * {@link FieldName#parse}) against the byte loops they replaced, kept here as references: every
 * result the same on random header lines made of the bytes a word-at-a-time test could get
 * wrong (controls below and around CR, the space and '!', ':' and '(' and their neighbours, DEL,
 * bytes with the high bit, 0xFF), at every alignment, and on every pair of such bytes placed
 * anywhere in two words.
 */
class HeaderScanReferenceTest {

    /** Bytes around every bound the searches test, with plain name chars. */
    private static final byte[] TRICKY = {0x00, 0x01, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x1F, 0x20, 0x21, 0x22,
            0x27, 0x28, 0x29, 0x39, 0x3A, 0x3B, 0x7E, 0x7F, (byte) 0x80, (byte) 0x81, (byte) 0x8A, (byte) 0x8D,
            (byte) 0xA0, (byte) 0xA1, (byte) 0xBA, (byte) 0xFE, (byte) 0xFF};

    @Test
    void everyPairOfBytesInTwoWordsIsFoundAsAByteLoopFindsIt() {
        byte[] bytes = new byte[20];
        for (int x = 0; x < 256; x++) {
            for (int y = 0; y < 256; y++) {
                for (int p = 0; p < 16; p++) {
                    for (int q = p + 1; q < 17; q += 3) {
                        Arrays.fill(bytes, (byte) 'a');
                        bytes[p] = (byte) x;
                        bytes[q] = (byte) y;
                        int from = p & 3; // the words start off the array's alignment too
                        int to = from + 16;
                        // compared bare, asserted on a difference only: 6 million cases
                        if (ByteSearch.firstColonParenOrNotNameChar(bytes, from, to) != firstNotPlainNameChar(bytes, from, to)
                                || ByteSearch.firstBelowOrNonAscii(bytes, from, to, '\r' + 1)
                                        != firstBreakOrControlOrHigh(bytes, from, to)) {
                            String at = String.format("%02x at %d, %02x at %d", x, p, y, q);
                            assertThat(ByteSearch.firstColonParenOrNotNameChar(bytes, from, to)).as(at)
                                    .isEqualTo(firstNotPlainNameChar(bytes, from, to));
                            assertThat(ByteSearch.firstBelowOrNonAscii(bytes, from, to, '\r' + 1)).as(at)
                                    .isEqualTo(firstBreakOrControlOrHigh(bytes, from, to));
                        }
                    }
                }
            }
        }
    }

    @Test
    void headerLinesAreCutAsTheByteLoopCutThem() {
        SplittableRandom random = new SplittableRandom(181);
        for (int round = 0; round < 30_000; round++) {
            byte[] bytes = headerBytes(random);
            int maxBreaks = 1 + random.nextInt(6);
            FieldBreaks breaks = new FieldBreaks(maxBreaks);
            ReferenceBreaks reference = new ReferenceBreaks(maxBreaks);
            int from = random.nextInt(Math.min(8, bytes.length + 1));
            // lines read one after the other, each kept with its field or starting the next, as the splitter does
            for (int i = from; i < bytes.length; ) {
                int before = breaks.count();
                int lf = breaks.scanLine(bytes, i, bytes.length);
                assertThat(lf).as("round %d, line at %d", round, i).isEqualTo(reference.scanLine(bytes, i, bytes.length));
                if (random.nextBoolean()) {
                    breaks.addLine();
                    reference.addLine();
                } else {
                    breaks.keepLastLine(before);
                    reference.keepLastLine(before);
                }
                assertThat(breaks.count()).as("round %d", round).isEqualTo(reference.count);
                for (int k = 0; k < breaks.count(); k++) {
                    assertThat(breaks.at(k)).isEqualTo(reference.at[k]);
                }
                assertThat(breaks.nonAscii()).isEqualTo(reference.nonAscii);
                assertThat(breaks.overflowed()).isEqualTo(reference.overflowed);
                i = lf < 0 ? bytes.length : lf + 1;
            }
        }
    }

    @Test
    void fieldNamesAreReadAsTheByteLoopReadThem() {
        SplittableRandom random = new SplittableRandom(182);
        String[] starts = {"Subject", "Subject ", "Subject\t", "X-Mailer", "Received", "To (c)", "(c)To", "", " ", "Sub ject",
                "Content-Type ", "X:Y", "caf\u00e9", "A\u007fB", "A\u00ffB", "Long-Header-Name-Over-Eight", "12345678",
                "1234567", "123456789"};
        for (int round = 0; round < 100_000; round++) {
            StringBuilder line = new StringBuilder(starts[random.nextInt(starts.length)]);
            for (int i = random.nextInt(4); i > 0; i--) {
                line.append((char) (TRICKY[random.nextInt(TRICKY.length)] & 0xff));
                if (random.nextBoolean()) {
                    line.append("Name-x".substring(0, random.nextInt(7)));
                }
            }
            if (random.nextInt(4) != 0) {
                line.append(random.nextBoolean() ? ": value" : " : value (comment)");
            }
            byte[] bytes = ("  " + line + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            int from = random.nextInt(3);
            int to = from + random.nextInt(bytes.length - from + 1);
            assertThat(FieldName.parse(bytes, from, to)).as("[%s] from %d to %d", line, from, to)
                    .isEqualTo(ReferenceName.parse(bytes, from, to));
        }
    }

    private static byte[] headerBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(60)];
        for (int i = 0; i < bytes.length; i++) {
            int pick = random.nextInt(10);
            bytes[i] = pick < 5 ? (byte) 'a' : pick == 5 ? (byte) '\n' : pick == 6 ? (byte) '\r'
                    : TRICKY[random.nextInt(TRICKY.length)];
        }
        return bytes;
    }

    private static int firstNotPlainNameChar(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && (bytes[i] & 0xff) >= 0x21 && (bytes[i] & 0xff) <= 0x7e && bytes[i] != ':' && bytes[i] != '(') {
            i++;
        }
        return i;
    }

    private static int firstBreakOrControlOrHigh(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && (bytes[i] & 0xff) > '\r' && (bytes[i] & 0xff) < 0x80) {
            i++;
        }
        return i;
    }

    /** FieldBreaks as it read lines byte by byte: every CR and LF noted, a line's first high byte ending the noting. */
    private static final class ReferenceBreaks {
        private final int maxBreaks;
        final int[] at = new int[64];
        int count;
        boolean nonAscii;
        boolean overflowed;
        private boolean lineNonAscii;
        private boolean lineOverflowed;

        ReferenceBreaks(int maxBreaks) {
            this.maxBreaks = maxBreaks;
        }

        int scanLine(byte[] bytes, int from, int to) {
            lineNonAscii = false;
            lineOverflowed = false;
            for (int i = from; i < to; i++) {
                byte b = bytes[i];
                if (b < 0) {
                    lineNonAscii = true;
                    for (int j = i + 1; j < to; j++) {
                        if (bytes[j] == '\n') {
                            return j;
                        }
                    }
                    return -1;
                }
                if (b == '\r' || b == '\n') {
                    if (count == maxBreaks) {
                        lineOverflowed = true;
                    } else {
                        at[count++] = i;
                    }
                    if (b == '\n') {
                        return i;
                    }
                }
            }
            return -1;
        }

        void addLine() {
            nonAscii |= lineNonAscii;
            overflowed |= lineOverflowed;
        }

        void keepLastLine(int from) {
            System.arraycopy(at, from, at, 0, count - from);
            count -= from;
            nonAscii = lineNonAscii;
            overflowed = lineOverflowed;
        }
    }

    /** FieldName.parse as a byte loop, with the same reading of the rare names (obsolete syntax, a comment). */
    private static final class ReferenceName {
        static FieldName parse(byte[] bytes, int from, int to) {
            for (int i = from; i < to; i++) {
                int c = bytes[i] & 0xff;
                if (c == ':') {
                    return new FieldName(new String(bytes, from, i - from, StandardCharsets.ISO_8859_1), i, false);
                }
                if (!isNameChar(c) || c == '(') {
                    return FieldName.parseSlowly(bytes, from, to); // the rare names: the same code either way
                }
            }
            return null;
        }

        private static boolean isNameChar(int c) {
            return c >= 0x21 && c <= 0x7e && c != ':';
        }
    }
}
