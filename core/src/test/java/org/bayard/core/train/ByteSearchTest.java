package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteSearchTest {

    private static int naive(byte[] a, int from, int to, byte target) {
        for (int i = from; i < to; i++) {
            if (a[i] == target) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsTheFirstMatchInTheRangeOnly() {
        byte[] a = "0123456789abcdef\nxyz\n".getBytes();
        assertThat(ByteSearch.indexOf(a, 0, a.length, (byte) '\n')).isEqualTo(16);
        assertThat(ByteSearch.indexOf(a, 17, a.length, (byte) '\n')).isEqualTo(20);
        assertThat(ByteSearch.indexOf(a, 17, 20, (byte) '\n')).isEqualTo(-1);
        assertThat(ByteSearch.indexOf(a, 3, 3, (byte) '3')).isEqualTo(-1);
        assertThat(ByteSearch.indexOf(a, 0, a.length, (byte) 'x')).isEqualTo(17);
    }

    /** Bytes next to the target's value and high bytes are where a word-at-a-time test could see false matches. */
    @Test
    void agreesWithAByteLoopOnAwkwardBytes() {
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
                assertThat(ByteSearch.indexOf(a, from, to, target)).isEqualTo(naive(a, from, to, target));
            }
        }
    }
}
