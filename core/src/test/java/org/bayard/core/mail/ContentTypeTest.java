package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTypeTest {

    private final Recorder recorder = new Recorder();
    private final Anomalies anomalies = new Anomalies(recorder);

    private ContentType parse(String value) {
        return ContentType.parse(new HeaderParams(value), false, anomalies);
    }

    @Test
    void aTypeIsLowerCasedWithItsCharset() {
        assertThat(parse(" Text/HTML ; charset=\"UTF-8\"")).isEqualTo(new ContentType("text/html", "utf-8"));
        assertThat(parse("application/x-msdownload")).isEqualTo(new ContentType("application/x-msdownload", ""));
        assertThat(recorder.anomalies).isEmpty();
    }

    @Test
    void aTypeWithASpecialSpaceOrNonAsciiCharIsNoToken() {
        for (String bad : new String[] {"text/pl@in", "text/plain/html", "te xt/plain", "text/pl\u00E4in", "text/(x)", "text/a=b"}) {
            assertThat(parse(bad)).as(bad).isEqualTo(new ContentType("text/plain", ""));
        }
        assertThat(recorder.anomalies).containsOnly("bad-content-type");
    }

    @Test
    void aMultipartWithoutBoundaryIsText() {
        assertThat(parse("multipart/mixed; charset=x")).isEqualTo(new ContentType("text/plain", "x"));
        assertThat(recorder.anomalies).containsExactly("no-boundary");
    }

    @Test
    void withoutPartsAMultipartIsTextAndAnyOtherTypeStays() {
        assertThat(new ContentType("multipart/related", "utf-8").withoutParts()).isEqualTo(new ContentType("text/plain", "utf-8"));
        assertThat(new ContentType("text/html", "x").withoutParts()).isEqualTo(new ContentType("text/html", "x"));
        assertThat(new ContentType("image/gif", "").withoutParts()).isEqualTo(new ContentType("image/gif", ""));
    }
}
