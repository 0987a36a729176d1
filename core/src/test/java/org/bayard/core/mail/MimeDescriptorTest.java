package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MimeDescriptorTest {

    private static MimeDescriptor of(String... fields) {
        MimeDescriptor descriptor = new MimeDescriptor();
        for (String field : fields) {
            byte[] bytes = field.getBytes(StandardCharsets.ISO_8859_1);
            FieldName name = FieldName.parse(bytes, 0, bytes.length);
            descriptor.add(name.name(), bytes, name.colon() + 1, bytes.length);
        }
        return descriptor;
    }

    @Test
    void multipartTakesItsBoundaryQuotedOrNot() {
        assertThat(of("Content-Type: multipart/mixed; boundary=\"a b;c\"").boundary()).isEqualTo("a b;c");
        assertThat(of("content-type: Multipart/Alternative; BOUNDARY=xyz; charset=x").boundary()).isEqualTo("xyz");
        assertThat(of("Content-Type: multipart/mixed; boundary=\"a\"").isMultipart()).isTrue();
    }

    @Test
    void commentsAndFoldsAreSkippedAndWordsJoined() {
        MimeDescriptor d = of("Content-Type: multipart/mixed (a comment; boundary=no);\r\n\tboundary = one two ");
        assertThat(d.isMultipart()).isTrue();
        assertThat(d.boundary()).isEqualTo("one two");
    }

    @Test
    void theLastBoundaryParameterWinsEvenWithoutAValue() {
        assertThat(of("Content-Type: multipart/mixed; boundary=a; boundary=b").boundary()).isEqualTo("b");
        assertThat(of("Content-Type: multipart/mixed; boundary=a; boundary").isMultipart()).isFalse();
    }

    @Test
    void aMultipartWithoutBoundaryLetsALaterContentTypeDecide() {
        MimeDescriptor d = of("Content-Type: multipart/mixed", "Content-Type: message/rfc822");
        assertThat(d.isMultipart()).isFalse();
        assertThat(d.isMessage(false)).isTrue();
        assertThat(of("Content-Type: text/plain", "Content-Type: message/rfc822").isMessage(false)).isFalse();
    }

    @Test
    void aTypeWithoutBothHalvesDoesNotCount() {
        assertThat(of("Content-Type: text", "Content-Type: message/rfc822").isMessage(false)).isTrue();
        assertThat(of("Content-Type: multipart/ ; boundary=x").isMultipart()).isFalse();
        assertThat(of("Content-Type: multipart / mixed ; boundary=x").isMultipart()).isTrue();
    }

    @Test
    void undeclaredPartsOfADigestAreMessages() {
        assertThat(of("Subject: x").isMessage(true)).isTrue();
        assertThat(of("Subject: x").isMessage(false)).isFalse();
        assertThat(of("Content-Type: multipart/digest; boundary=d").isDigest()).isTrue();
    }

    @Test
    void theFirstNonEmptyTransferEncodingWins() {
        assertThat(of("Content-Transfer-Encoding:  ", "Content-Transfer-Encoding: Base64 ").isBase64()).isTrue();
        assertThat(of("Content-Transfer-Encoding: quoted-printable", "Content-Transfer-Encoding: base64")
                .isQuotedPrintable()).isTrue();
        assertThat(of("Content-Transfer-Encoding: base64 (x)").isBase64()).isFalse();
        assertThat(of("Content-Transfer-Encoding: base\r\n 64").isBase64()).isFalse();
    }

    @Test
    void spaceAroundTheSlashIsTrimmedFromEitherHalf() {
        assertThat(of("Content-Type: Message \t/ RFC822").isMessage(false)).isTrue();
        assertThat(of("Content-Type: multipart/\tdigest; boundary=d").isDigest()).isTrue();
        assertThat(of("Content-Type: multipart\u0001 /digest; boundary=d").isDigest()).isTrue(); // controls trim as spaces do
        assertThat(of("Content-Type: message/rfc 822").isMessage(false)).isFalse();
        assertThat(of("Content-Type:  / rfc822", "Content-Type: message/rfc822").isMessage(false)).isTrue();
    }
}
