package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderFieldReaderTest {

    private final Recorder recorder = new Recorder();
    private final Anomalies anomalies = new Anomalies(recorder);

    /** Reads {@code field}, put after a byte that is not part of it, with a budget of {@code maxBytes}. */
    private HeaderField read(String field, int maxBytes) {
        byte[] bytes = ("x" + field).getBytes(StandardCharsets.UTF_8);
        FieldName name = FieldName.parse(bytes, 1, bytes.length);
        return new HeaderFieldReader(maxBytes, anomalies).read(bytes, 1, bytes.length, name);
    }

    private HeaderField read(String field) {
        return read(field, 10_000);
    }

    @Test
    void anAsciiFieldIsItsNameAndItsStrippedValue() {
        assertThat(read("Subject: \t hello: world \t")).isEqualTo(new HeaderField("Subject", "hello: world"));
        assertThat(read("X-Empty:")).isEqualTo(new HeaderField("X-Empty", ""));
        assertThat(read("X-Blank: \t ")).isEqualTo(new HeaderField("X-Blank", ""));
        assertThat(recorder.anomalies).isEmpty();
    }

    @Test
    void everyLineBreakIsTakenOutOfAFoldedValue() {
        assertThat(read("Received: from a\r\n\tby b\r\n (c)")).isEqualTo(new HeaderField("Received", "from a\tby b (c)"));
        assertThat(read("To: a,\n b,\n c")).isEqualTo(new HeaderField("To", "a, b, c"));
        assertThat(read("X: a\rb\n\r c")).isEqualTo(new HeaderField("X", "ab c")); // a lone CR too
        assertThat(read("X:\r\n value\r\n ")).isEqualTo(new HeaderField("X", "value")); // breaks at the ends are stripped
    }

    @Test
    void aLongFoldedValueAfterAShortOneIsWhole() {
        HeaderFieldReader reader = new HeaderFieldReader(100_000, anomalies);
        String longValue = "w\n ".repeat(400) + "end";
        List<String> values = new ArrayList<>();
        for (String field : List.of("A: b\n c", "B: " + longValue, "C: d\n e")) {
            byte[] bytes = field.getBytes(StandardCharsets.US_ASCII);
            values.add(reader.read(bytes, 0, bytes.length, FieldName.parse(bytes, 0, bytes.length)).value());
        }
        assertThat(values).containsExactly("b c", longValue.replace("\n", ""), "d e");
    }

    @Test
    void encodedWordsAreDecoded() {
        assertThat(read("Subject: =?utf-8?q?caf=C3=A9?= ok").value()).isEqualTo("café ok");
    }

    @Test
    void anObsoleteNameIsTakenFromTheTextBeforeTheFirstColon() {
        assertThat(read("Subject : x")).isEqualTo(new HeaderField("Subject", "x"));
        assertThat(read("X-(c:omment)Y: v")).isEqualTo(new HeaderField("X-(c", "omment)Y: v"));
    }

    @Test
    void anEightBitFieldIsDecodedAndRecorded() {
        assertThat(read("Subject: café\n au lait")).isEqualTo(new HeaderField("Subject", "café au lait"));
        assertThat(recorder.anomalies).containsExactly("8bit-header");
    }

    @Test
    void aFieldIsCutToTheBudget() {
        assertThat(read("Subject: abcdef", 12)).isEqualTo(new HeaderField("Subject", "abc"));
        assertThat(recorder.anomalies).containsExactly("header-limit");
    }

    @Test
    void aFieldCutBeforeItsColonOrWithoutANameIsNone() {
        assertThat(read("Subject: abcdef", 5)).isNull();
        assertThat(read(": value")).isNull();
    }

    /**
     * The direct reading of a field's bytes gives what decoding the whole line and parsing it
     * gives, on random fields of line breaks (bare, doubled, at either end), whitespace, 8-bit
     * bytes and encoded-word marks, cut to random budgets; and records the same anomalies.
     */
    @Test
    void readingTheBytesIsParsingTheDecodedLine() {
        java.util.Random random = new java.util.Random(7);
        byte[] alphabet = {'a', 'Z', ' ', '\t', '\r', '\n', ':', '=', '?', (byte) 0xE9, (byte) 0xC3, (byte) 0xA9, '1'};
        for (int n = 0; n < 30_000; n++) {
            byte[] field = new byte[1 + random.nextInt(40)];
            int nameLength = 1 + random.nextInt(Math.min(8, field.length));
            for (int i = 0; i < field.length; i++) {
                field[i] = i < nameLength ? (byte) 'N' : i == nameLength ? (byte) ':' : alphabet[random.nextInt(alphabet.length)];
            }
            int budget = random.nextInt(50);
            byte[] bytes = new byte[field.length + 2];
            bytes[0] = 'x';
            System.arraycopy(field, 0, bytes, 1, field.length);
            bytes[bytes.length - 1] = 'y';
            FieldName name = FieldName.parse(bytes, 1, 1 + field.length);
            if (name == null) {
                continue;
            }
            Recorder direct = new Recorder();
            HeaderField read = new HeaderFieldReader(budget, new Anomalies(direct)).read(bytes, 1, 1 + field.length, name);

            Recorder parsed = new Recorder();
            Anomalies parsedAnomalies = new Anomalies(parsed);
            int len = Math.min(field.length, budget);
            if (field.length > budget) {
                parsedAnomalies.record("header-limit");
            }
            String line;
            if (ByteSearch.isAscii(bytes, 1, 1 + len)) {
                line = new String(bytes, 1, len, StandardCharsets.ISO_8859_1);
            } else {
                parsedAnomalies.record("8bit-header");
                line = Charsets.decodeUnlabelled(bytes, 1, len);
            }
            HeaderField expected = HeaderField.parse(line, parsedAnomalies, new EncodedWordStarts(EncodedWordStarts.PER_MESSAGE));
            String shown = new String(field, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n") + " budget " + budget;
            assertThat(read).as(shown).isEqualTo(expected);
            assertThat(direct.anomalies).as(shown).isEqualTo(parsed.anomalies);
        }
    }

    /** Reading a field with the breaks its splitter noted gives what reading it alone gives, on random headers. */
    @Test
    void theSplittersBreaksReadAsAScanOfTheField() {
        java.util.Random random = new java.util.Random(9);
        String alphabet = "aaaa=?:: \t\r\n\n\u00e9";
        for (int round = 0; round < 20_000; round++) {
            String header = DecoderTesting.random(random, alphabet, 60);
            byte[] bytes = ("Name:" + header).getBytes(StandardCharsets.ISO_8859_1);
            FieldSplitter fields = new FieldSplitter(bytes, 0, bytes.length, anomalies);
            int budget = 1 + random.nextInt(80); // cuts some fields
            HeaderFieldReader withBreaks = new HeaderFieldReader(budget, anomalies);
            HeaderFieldReader alone = new HeaderFieldReader(budget, anomalies);
            while (fields.next()) {
                FieldName name = FieldName.parse(bytes, fields.fieldFrom(), fields.fieldTo());
                if (name != null) {
                    HeaderField split = withBreaks.read(bytes, fields.fieldFrom(), fields.fieldTo(), name, fields.breaks());
                    assertThat(split).as(header.replace("\r", "\\r").replace("\n", "\\n"))
                            .isEqualTo(alone.read(bytes, fields.fieldFrom(), fields.fieldTo(), name));
                }
            }
        }
    }

    /** Past the most breaks the splitter notes (1,024), in a field or in the line that starts the next, the reader finds them itself. */
    @Test
    void fieldsWithMoreBreaksThanTheSplitterNotesReadAsAlone() {
        String crs = "a\r".repeat(1_500);
        String message = "A: " + crs + "\n B: x\nC: " + crs + "\r\n\tc\nD: d\r\n e\n\n";
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
        FieldSplitter fields = new FieldSplitter(bytes, 0, bytes.length, anomalies);
        List<String> values = new ArrayList<>();
        while (fields.next()) {
            FieldName name = FieldName.parse(bytes, fields.fieldFrom(), fields.fieldTo());
            HeaderField split = new HeaderFieldReader(100_000, anomalies).read(bytes, fields.fieldFrom(), fields.fieldTo(), name, fields.breaks());
            assertThat(split).isEqualTo(new HeaderFieldReader(100_000, anomalies).read(bytes, fields.fieldFrom(), fields.fieldTo(), name));
            values.add(split.value());
        }
        String joined = "a".repeat(1_500);
        assertThat(values).containsExactly(joined + " B: x", joined + "\tc", "d e");
    }
}
