package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ScanWindowTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theEnvelopeLineIsSkippedAndCountsAgainstTheBudget() {
        ScanWindow w = ScanWindow.of(bytes("From a@b Mon\nSubject: x\n"), 100);
        assertThat(w.from()).isEqualTo(13);
        assertThat(w.to()).isEqualTo(24);
        assertThat(w.truncated()).isFalse();
        ScanWindow cut = ScanWindow.of(bytes("From " + "x".repeat(50) + "\nS: y\n"), 20);
        assertThat(cut.from()).isEqualTo(20);
        assertThat(cut.truncated()).isTrue();
    }

    @Test
    void withoutAnEnvelopeNothingIsSkipped() {
        assertThat(ScanWindow.of(bytes("From: a@b\n"), 100).from()).isZero();
        assertThat(ScanWindow.of(bytes("Fro"), 100).from()).isZero();
    }

    @Test
    void aStreamIsReadToTheBudgetAndOneByteMore() throws IOException {
        InputStream in = new ByteArrayInputStream(bytes("0123456789"));
        ScanWindow w = ScanWindow.read(in, 4);
        assertThat(new String(w.bytes(), w.from(), w.to() - w.from(), StandardCharsets.ISO_8859_1)).isEqualTo("0123");
        assertThat(w.truncated()).isTrue();
        assertThat(in.read()).isEqualTo('5');
        assertThat(ScanWindow.read(new ByteArrayInputStream(bytes("0123")), 4).truncated()).isFalse();
    }

    @Test
    void aFailingStreamKeepsWhatWasRead() {
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ < 3) {
                    return 'a';
                }
                throw new IOException("gone");
            }
        };
        ScanWindow w = ScanWindow.read(failing, 100);
        assertThat(w.ioError()).isTrue();
        assertThat(w.to()).isEqualTo(3);
    }
}
