package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldSplitterTest {

    /** The fields of the header at the start of {@code message}, then "body:" and the body. */
    private static List<String> split(String message, List<String> anomalies) {
        byte[] bytes = ("<>" + message).getBytes(StandardCharsets.ISO_8859_1);
        Recorder recorder = new Recorder();
        FieldSplitter fields = new FieldSplitter(bytes, 2, bytes.length, new Anomalies(recorder));
        List<String> out = new ArrayList<>();
        while (fields.next()) {
            out.add(new String(bytes, fields.fieldFrom(), fields.fieldTo() - fields.fieldFrom(), StandardCharsets.ISO_8859_1));
        }
        out.add("body:" + new String(bytes, fields.bodyFrom(), bytes.length - fields.bodyFrom(), StandardCharsets.ISO_8859_1));
        anomalies.addAll(recorder.anomalies);
        return out;
    }

    private static List<String> split(String message) {
        return split(message, new ArrayList<>());
    }

    @Test
    void fieldsEndAtTheNextLineThatDoesNotStartWithWhitespace() {
        assertThat(split("A: 1\r\nB: 2\r\n folded\r\n\tagain\nC: 3\n\r\nbody\r\n"))
                .containsExactly("A: 1", "B: 2\r\n folded\r\n\tagain", "C: 3", "body:body\r\n");
    }

    @Test
    void theFirstLineStartsAFieldEvenWhenIndented() {
        assertThat(split(" A: 1\n B: 2\n\nx")).containsExactly(" A: 1\n B: 2", "body:x");
    }

    @Test
    void aBareCrDoesNotEndALine() {
        assertThat(split("A: 1\rB: 2\n\nx")).containsExactly("A: 1\rB: 2", "body:x");
    }

    @Test
    void aHeaderThatStartsWithItsEmptyLineIsOneEmptyField() {
        List<String> anomalies = new ArrayList<>();
        assertThat(split("\r\nbody", anomalies)).containsExactly("", "body:body");
        assertThat(anomalies).isEmpty(); // an empty field is the caller's to reject
    }

    @Test
    void aHeaderRunningIntoTheEndIsAnAnomaly() {
        List<String> anomalies = new ArrayList<>();
        assertThat(split("A: 1\nB: 2", anomalies)).containsExactly("A: 1", "B: 2", "body:");
        assertThat(anomalies).containsExactly("bad-header");
        List<String> empty = new ArrayList<>();
        assertThat(split("", empty)).containsExactly("", "body:");
        assertThat(empty).containsExactly("bad-header");
    }

    @Test
    void aCrAloneAtTheVeryEndIsAnEmptyLine() {
        List<String> anomalies = new ArrayList<>();
        assertThat(split("A: 1\n\r", anomalies)).containsExactly("A: 1", "body:");
        assertThat(anomalies).isEmpty();
    }

    @Test
    void hugeLinesAndNulBytesAreJustBytes() {
        String huge = "X: " + "a\u0000".repeat(500_000);
        assertThat(split(huge + "\n\nb")).containsExactly(huge, "body:b");
    }

    @Test
    void theBodyIsFoundWhereSplittingTheFieldsFindsIt() {
        for (String message : new String[] {"A: 1\r\n\r\nbody", "A: 1\n folded\n\nbody\n", "\nno header", "\r\n", "A: 1\r\n",
                "A: 1\r\r\nB: 2\n\r\nbody", "no colon\n \t\nB: 2\n\nbody", "A: 1\n\r", "", "A: 1\nB: 2"}) {
            byte[] bytes = ("<>" + message + "<>").getBytes(StandardCharsets.ISO_8859_1);
            int to = bytes.length - 2;
            FieldSplitter fields = new FieldSplitter(bytes, 2, to, new Anomalies(new Recorder()));
            while (fields.next()) {
                // split to the end
            }
            assertThat(FieldSplitter.bodyFrom(bytes, 2, to)).as(message).isEqualTo(fields.bodyFrom());
        }
    }
}
