package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class FieldNameTest {

    private static FieldName parse(String field) {
        byte[] bytes = ("x" + field).getBytes(StandardCharsets.ISO_8859_1);
        return FieldName.parse(bytes, 1, bytes.length);
    }

    @Test
    void aPlainNameEndsAtTheColon() {
        FieldName name = parse("Subject: a: b");
        assertThat(name.name()).isEqualTo("Subject");
        assertThat(name.colon()).isEqualTo(8);
        assertThat(name.obsolete()).isFalse();
    }

    @Test
    void whitespaceOrACommentBeforeTheColonIsObsoleteButValid() {
        assertThat(parse("Subject : x")).isEqualTo(new FieldName("Subject", 9, true));
        assertThat(parse("  Subject: x")).isEqualTo(new FieldName("Subject", 10, true));
        assertThat(parse("X-(c:omment)Y: v")).isEqualTo(new FieldName("X-Y", 14, true));
        assertThat(parse("\u0001X: v")).isEqualTo(new FieldName("X", 3, true)); // trimmed like whitespace
    }

    @Test
    void anEmptyNameIsValid() {
        assertThat(parse(": v")).isEqualTo(new FieldName("", 1, false));
    }

    @Test
    void namesWithSpacesOrHighBytesOrNoColonAreNotFields() {
        assertThat(parse("Bad Name: x")).isNull();
        assertThat(parse("Caf\u00e9: x")).isNull();
        assertThat(parse("NoColonHere")).isNull();
        assertThat(parse("X(unterminated: comment")).isNull();
        assertThat(parse("")).isNull();
    }
}
