package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {

    private static boolean valid(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        return Utf8.isValid(bytes, 0, bytes.length);
    }

    @Test
    void acceptsEverySequenceLengthAndTheReplacementCharItself() {
        assertThat(valid("")).isTrue();
        assertThat(valid("41c3a9e282acf09f9880efbfbd")).isTrue(); // A é € 😀 U+FFFD
        assertThat(valid("f48fbfbf")).isTrue(); // U+10FFFF
    }

    @Test
    void rejectsWhatJavasDecoderRejects() {
        assertThat(valid("e9")).isFalse(); // Latin-1 é
        assertThat(valid("c3")).isFalse(); // cut off by the end
        assertThat(valid("c0af")).isFalse(); // overlong '/'
        assertThat(valid("e080af")).isFalse(); // overlong, three bytes
        assertThat(valid("f08080af")).isFalse(); // overlong, four bytes
        assertThat(valid("eda080")).isFalse(); // an encoded surrogate
        assertThat(valid("f4908080")).isFalse(); // past U+10FFFF
        assertThat(valid("80")).isFalse(); // a continuation byte alone
        assertThat(valid("e282")).isFalse();
        assertThat(valid("e28241")).isFalse();
    }

    @Test
    void agreesWithAReportingDecoderOnRandomBytes() {
        Random random = new Random(7);
        for (int round = 0; round < 200_000; round++) {
            byte[] bytes = new byte[random.nextInt(20)];
            for (int i = 0; i < bytes.length; i++) {
                int kind = random.nextInt(4);
                // ASCII runs, lead bytes, continuation bytes and anything: near-misses are where the rules are
                bytes[i] = (byte) switch (kind) {
                    case 0 -> 'a' + random.nextInt(26);
                    case 1 -> 0xC0 + random.nextInt(64);
                    case 2 -> 0x80 + random.nextInt(64);
                    default -> random.nextInt(256);
                };
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            assertThat(Utf8.isValid(bytes, from, bytes.length))
                    .as(HexFormat.of().formatHex(bytes, from, bytes.length))
                    .isEqualTo(javaAccepts(bytes, from));
        }
    }

    private static boolean javaAccepts(byte[] bytes, int from) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, bytes.length - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
