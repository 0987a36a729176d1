package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CharsetsTest {

    /** The anomalies of the last {@link #decode}. */
    private List<String> anomalies = List.of();

    private String decode(byte[] bytes, String declared) {
        Recorder recorder = new Recorder();
        String text = Charsets.decode(bytes, 0, bytes.length, declared, new Anomalies(recorder));
        anomalies = recorder.anomalies;
        return text;
    }

    @Test
    void windows1252DecodesAsTheCharsetDoesWithAndWithoutC1Bytes() {
        Random random = new Random(1252);
        for (int round = 0; round < 2_000; round++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (round % 2 == 0) {
                for (int i = 0; i < bytes.length; i++) {
                    if ((bytes[i] & 0xE0) == 0x80) {
                        bytes[i] ^= 0x20; // no C1 byte: the Latin-1 path
                    }
                }
            }
            int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            assertThat(Charsets.windows1252(bytes, from, bytes.length - from))
                    .isEqualTo(new String(bytes, from, bytes.length - from, Charsets.WINDOWS_1252));
        }
        byte[] quoted = {(byte) 0x93, 'h', 'i', (byte) 0x94, ' ', (byte) 0xE9};
        assertThat(decode(quoted, "iso-8859-1")).isEqualTo("“hi” é");
    }

    @Test
    void validUtf8ThatContainsAReplacementCharIsStillUtf8() {
        byte[] bytes = "caf\u00e9 \uFFFD ok".getBytes(StandardCharsets.UTF_8);
        assertThat(Charsets.decodeUnlabelled(bytes, 0, bytes.length)).isEqualTo("caf\u00e9 \uFFFD ok");
        assertThat(decode(bytes, "utf-8")).isEqualTo("caf\u00e9 \uFFFD ok");
        assertThat(anomalies).isEmpty();
    }

    @Test
    void malformedOrTruncatedUtf8FallsBackToWindows1252() {
        byte[] lone = {'a', (byte) 0xE9, 'b'};
        byte[] truncated = {'a', (byte) 0xC3};
        byte[] encodedSurrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        for (byte[] bytes : List.of(lone, truncated, encodedSurrogate)) {
            assertThat(Charsets.decodeUnlabelled(bytes, 0, bytes.length)).isEqualTo(new String(bytes, Charsets.WINDOWS_1252));
        }
    }

    @Test
    void longTextIsCheckedToItsEndWhenItHasAReplacementChar() {
        String valid = "\u00e9".repeat(3000) + "\uFFFD";
        byte[] validBytes = valid.getBytes(StandardCharsets.UTF_8);
        assertThat(decode(validBytes, "utf-8")).isEqualTo(valid);
        assertThat(anomalies).isEmpty();
        byte[] badAtTheEnd = java.util.Arrays.copyOf(validBytes, validBytes.length + 1);
        badAtTheEnd[validBytes.length] = (byte) 0xE9;
        assertThat(decode(badAtTheEnd, "utf-8")).isEqualTo(new String(badAtTheEnd, Charsets.WINDOWS_1252));
        assertThat(anomalies).containsExactly("bad-charset-data");
    }

    @Test
    void aLabelWhoseDecoderRejectsTheBytesIsReportedAndReplaced() {
        // 0x81 is undefined in windows-1252, what iso-8859-1 labels mean; the bytes are not UTF-8 either
        byte[] bytes = {'x', (byte) 0x81, (byte) 0xE9};
        assertThat(decode(bytes, "iso-8859-1")).isEqualTo("x\uFFFD\u00e9");
        assertThat(anomalies).containsExactly("bad-charset-data");
    }

    @Test
    void decodingAgreesWithAReportingDecoderOnRandomBytes() {
        Random random = new Random(42);
        Charset[] charsets = {StandardCharsets.UTF_8, Charsets.WINDOWS_1252, Charset.forName("Shift_JIS"),
                Charset.forName("GBK"), StandardCharsets.UTF_16BE};
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = new byte[random.nextInt(12)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(256));
            }
            Charset cs = charsets[round % charsets.length];
            String text = decode(bytes, cs.name());
            String hex = java.util.HexFormat.of().formatHex(bytes);
            if (ByteSearch.isAscii(bytes, 0, bytes.length) && !cs.name().startsWith("UTF-16")) {
                assertThat(text).as("%s %s", cs, hex).isEqualTo(new String(bytes, StandardCharsets.US_ASCII));
                continue;
            }
            String expected = reportingDecode(cs, bytes);
            if (expected != null) {
                assertThat(text).as("%s %s", cs, hex).isEqualTo(expected);
            }
            assertThat(anomalies.contains("bad-charset-data")).as("%s %s", cs, hex).isEqualTo(expected == null);
        }
    }

    @Test
    void labelsAreLookedUpTheSameEachTime() {
        for (int i = 0; i < 2; i++) {
            assertThat(Charsets.lookup(" ISO-8859-1 ")).isEqualTo(Charsets.WINDOWS_1252);
            assertThat(Charsets.lookup("no-such-charset")).isNull();
            assertThat(Charsets.lookup("bad label!")).isNull();
            assertThat(Charsets.lookup("")).isNull();
        }
    }

    private static String reportingDecode(Charset cs, byte[] bytes) {
        try {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
