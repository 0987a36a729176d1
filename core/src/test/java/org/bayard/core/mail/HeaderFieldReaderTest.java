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
}
