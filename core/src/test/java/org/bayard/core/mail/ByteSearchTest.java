package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

class ByteSearchTest {

    @Test
    void findsTheFirstLfAtEveryPositionAndOffset() {
        for (int len = 0; len <= 40; len++) {
            for (int from = 0; from <= len; from++) {
                for (int lf = from; lf <= len; lf++) {
                    byte[] bytes = new byte[len + 3];
                    java.util.Arrays.fill(bytes, (byte) 'a');
                    bytes[len + 1] = '\n'; // past the range: never found
                    if (lf < len) {
                        bytes[lf] = '\n';
                    }
                    assertThat(ByteSearch.indexOf(bytes, from, len, (byte) '\n')).isEqualTo(lf < len ? lf : -1);
                }
            }
        }
    }

    @Test
    void bytesNextToLfInValueAreNotTakenForIt() {
        // 0x0B and 0x8A differ from LF by one bit; a borrow between bytes must not make a false match
        Random random = new Random(5);
        byte[] near = {0x0B, 0x09, (byte) 0x8A, (byte) 0x0C, 0x00, (byte) 0xFF, 0x01};
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[random.nextInt(30)];
            int expected = -1;
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(20) == 0 ? (byte) '\n' : near[random.nextInt(near.length)];
                if (bytes[i] == '\n' && expected < 0) {
                    expected = i;
                }
            }
            assertThat(ByteSearch.indexOf(bytes, 0, bytes.length, (byte) '\n')).isEqualTo(expected);
        }
    }

    @Test
    void findsTheFirstCrOrLfAtEveryPosition() {
        for (int len = 0; len <= 24; len++) {
            for (int first = 0; first <= len; first++) {
                for (char mark : new char[] {'\r', '\n'}) {
                    byte[] bytes = new byte[len + 2];
                    java.util.Arrays.fill(bytes, (byte) 'a');
                    bytes[len] = '\r'; // past the range: never found
                    if (first < len) {
                        bytes[first] = (byte) mark;
                        bytes[len - 1] = (byte) (mark == '\r' ? '\n' : '\r'); // a later break of the other kind
                    }
                    assertThat(ByteSearch.indexOfEither(bytes, 0, len, (byte) '\r', (byte) '\n')).isEqualTo(first < len ? first : -1);
                }
            }
        }
    }

    @Test
    void bytesNextToCrOrLfInValueAreNotTakenForThem() {
        Random random = new Random(7);
        byte[] near = {0x0B, 0x0C, 0x0E, 0x09, (byte) 0x8A, (byte) 0x8D, 0x00, (byte) 0xFF, 0x01};
        for (int n = 0; n < 20_000; n++) {
            byte[] bytes = new byte[random.nextInt(30)];
            int expected = -1;
            for (int i = 0; i < bytes.length; i++) {
                int pick = random.nextInt(40);
                bytes[i] = pick == 0 ? (byte) '\n' : pick == 1 ? (byte) '\r' : near[random.nextInt(near.length)];
                if ((bytes[i] == '\n' || bytes[i] == '\r') && expected < 0) {
                    expected = i;
                }
            }
            assertThat(ByteSearch.indexOfEither(bytes, 0, bytes.length, (byte) '\r', (byte) '\n')).isEqualTo(expected);
        }
    }

    /** Every target, with bytes next to its value and high bytes, where a word-at-a-time test could see false matches. */
    @Test
    void agreesWithAByteLoopForAnyTarget() {
        SplittableRandom random = new SplittableRandom(3);
        byte[] alphabet = {'\n', '\r', 0x0b, 0x0c, 0x0e, 0x09, 0, (byte) 0x80, (byte) 0x8a, (byte) 0x8d, (byte) 0xff, 'a'};
        for (int round = 0; round < 20_000; round++) {
            byte[] a = new byte[random.nextInt(40)];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'x';
            }
            int from = a.length == 0 ? 0 : random.nextInt(a.length);
            int to = from + random.nextInt(a.length - from + 1);
            for (byte target : alphabet) {
                assertThat(ByteSearch.indexOf(a, from, to, target)).isEqualTo(byteLoop(a, from, to, target));
            }
        }
    }

    private static int byteLoop(byte[] a, int from, int to, byte target) {
        for (int i = from; i < to; i++) {
            if (a[i] == target) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void isAsciiFindsAHighByteAtAnyPositionAndIgnoresBytesPastTheLength() {
        for (int len = 0; len <= 20; len++) {
            byte[] bytes = new byte[len + 1];
            bytes[len] = (byte) 0xE9; // past the length: never looked at
            assertThat(ByteSearch.isAscii(bytes, 0, len)).isTrue();
            for (int i = 0; i < len; i++) {
                byte[] copy = bytes.clone();
                copy[i] = (byte) 0x80;
                assertThat(ByteSearch.isAscii(copy, 0, len)).as("len %d, high byte at %d", len, i).isFalse();
            }
        }
    }

    @Test
    void hasC1FindsEachC1ByteAtAnyPositionAndOffsetAndNoOtherByte() {
        for (int b = 0; b < 256; b++) {
            boolean c1 = b >= 0x80 && b <= 0x9F;
            for (int len = 0; len <= 20; len++) {
                for (int from = 0; from <= len; from++) {
                    for (int at = from; at < len; at++) {
                        byte[] bytes = new byte[len + 1];
                        java.util.Arrays.fill(bytes, (byte) 0xA0); // next to 0x9F, and not C1
                        bytes[len] = (byte) 0x85; // past the range: never looked at
                        bytes[at] = (byte) b;
                        assertThat(ByteSearch.hasC1(bytes, from, len)).as("byte %x at %d of [%d, %d)", b, at, from, len).isEqualTo(c1);
                    }
                }
            }
        }
    }

    @Test
    void findsTheFirstByteBeyondAsciiAtEveryPositionAndOffset() {
        for (int len = 0; len <= 40; len++) {
            for (int from = 0; from <= len; from++) {
                for (int high = from; high <= len; high++) {
                    byte[] bytes = new byte[len + 3];
                    java.util.Arrays.fill(bytes, (byte) 'a');
                    bytes[len + 1] = (byte) 0xE9; // past the range: never found
                    if (high < len) {
                        bytes[high] = (byte) 0x80;
                    }
                    assertThat(ByteSearch.firstNonAscii(bytes, from, len)).isEqualTo(high);
                    assertThat(ByteSearch.isAscii(bytes, from, len)).isEqualTo(high == len);
                }
            }
        }
    }

    @Test
    void findsTheFirstByteBelowALimitOrBeyondAsciiAsABytewiseScanDoes() {
        // bytes at and around the limits, and bytes with and without the high bit
        byte[] alphabet = {'a', 0x0C, 0x0B, 0x0D, 0x0E, 0x0F, 0x09, 0x00, 0x1F, ' ', '!', 0x7F, (byte) 0x8A, (byte) 0x8D,
                (byte) 0x80, (byte) 0xFF, '\n'};
        for (int n : new int[] {0, 1, '\r' + 1, ' ', '!', 128}) {
            agreesWithABytewiseScan(11 + n, alphabet, b -> b < n, (bytes, from, to) -> ByteSearch.firstBelowOrNonAscii(bytes, from, to, n));
        }
    }

    @Test
    void findsTheEndOfAFieldNameAsABytewiseScanDoes() {
        // the bounds of the name chars and their neighbours, the colon, the parenthesis and their neighbours
        byte[] alphabet = {'a', 0x20, 0x21, 0x22, 0x7E, 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xBA, 0x00, 0x09,
                ':', ';', '9', '(', ')', '\'', '\n'};
        agreesWithABytewiseScan(17, alphabet, b -> b < 0x21 || b > 0x7E || b == ':' || b == '(',
                ByteSearch::firstColonParenOrNotNameChar);
    }

    @Test
    void findsTheFirstControlOrTargetAsABytewiseScanDoes() {
        // the space and its neighbours, controls, '=' and its neighbours, and bytes with the high bit (0xA0 is 0x20 with it)
        byte[] alphabet = {'a', ' ', '!', 0x1F, 0x00, 0x09, '\n', '=', '<', '>', 0x7F, (byte) 0x80, (byte) 0xA0, (byte) 0xBD, (byte) 0xFF};
        agreesWithABytewiseScan(13, alphabet, b -> b >= 0 && b < ' ' || b == '=',
                (bytes, from, to) -> ByteSearch.firstControlOr(bytes, from, to, (byte) '='));
    }

    /** A search over {@code bytes[from, to)} that returns where it stopped, or {@code to}. */
    private interface RangeSearch {
        int find(byte[] bytes, int from, int to);
    }

    /**
     * Ranges of short random texts, a quarter of their bytes from {@code alphabet} and the rest
     * 'a': the search stops where a loop over the bytes that stops at {@code stopsAt} does.
     */
    private static void agreesWithABytewiseScan(long seed, byte[] alphabet, IntPredicate stopsAt, RangeSearch search) {
        Random random = new Random(seed);
        for (int n = 0; n < 50_000; n++) {
            byte[] bytes = new byte[random.nextInt(40)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) 'a';
            }
            int from = random.nextInt(bytes.length + 1);
            int to = from + random.nextInt(bytes.length - from + 1);
            int expected = from;
            while (expected < to && !stopsAt.test(bytes[expected])) {
                expected++;
            }
            assertThat(search.find(bytes, from, to)).isEqualTo(expected);
        }
    }
}
