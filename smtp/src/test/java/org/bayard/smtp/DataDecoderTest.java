package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DataDecoderTest {
    record Framed(String message, int consumed, boolean done, boolean bare, boolean overflow) {}

    /** Feeds all of {@code wire}, in chunks of {@code chunk} bytes, until the decoder is done. */
    static Framed frame(String wire, int chunk, long max) throws IOException {
        byte[] b = wire.getBytes(StandardCharsets.ISO_8859_1);
        DataDecoder d = new DataDecoder(max);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < b.length && !d.done()) pos += d.feed(b, pos, Math.min(chunk, b.length - pos), out);
        return new Framed(out.toString(StandardCharsets.ISO_8859_1), pos, d.done(), d.bareNewline(), d.overflow());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 65536})
    void endsOnlyAtCrLfDotCrLfWhateverTheSplit(int chunk) throws IOException {
        Framed f = frame("Subject: x\r\n\r\nbody\r\n.\r\nMAIL FROM:<a@b>\r\n", chunk, 1000);
        assertThat(f.done()).isTrue();
        assertThat(f.message()).isEqualTo("Subject: x\r\n\r\nbody\r\n");
        assertThat(f.consumed()).isEqualTo("Subject: x\r\n\r\nbody\r\n.\r\n".length());
        assertThat(f.bare()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 65536})
    void stuffedDotsAreRemovedOnce(int chunk) throws IOException {
        Framed f = frame("..\r\n...x\r\n.y\r\na.b\r\n.\r\n", chunk, 1000);
        assertThat(f.message()).isEqualTo(".\r\n..x\r\ny\r\na.b\r\n");
    }

    @Test
    void anEmptyMessageIsJustTheDot() throws IOException {
        assertThat(frame(".\r\n", 1, 10).message()).isEmpty();
    }

    /** RELIABILITY P1: the ten smuggling endings; none ends the data, every one is flagged. */
    @ParameterizedTest
    @ValueSource(strings = {"\n.\n", "\r.\r", "\r.\n", "\n.\r", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\r\n.\r", "\r\n\u0000.\r\n",
            "\r\n.\u0000\r\n"})
    void smugglingEndingsDoNotEndTheData(String ending) throws IOException {
        String smuggled = "MAIL FROM:<smuggled@evil.test>\r\nRCPT TO:<victim@example.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nhi\r\n";
        for (int chunk : new int[] {1, 3, 65536}) {
            Framed f = frame("Subject: first\r\n\r\nbody" + ending + smuggled + ".\r\nQUIT\r\n", chunk, 100_000);
            assertThat(f.done()).isTrue();
            assertThat(f.message()).contains("smuggled@evil.test").endsWith("hi\r\n");
            boolean nulOnly = ending.contains("\u0000");
            assertThat(f.bare()).as("bare newline flagged for %s", ending.replace("\r", "CR").replace("\n", "LF"))
                    .isEqualTo(!nulOnly);
        }
    }

    @Test
    void aNulAfterTheDotIsContentNotAnEnd() throws IOException {
        Framed f = frame("a\r\n.\u0000\r\nb\r\n.\r\n", 1, 100);
        assertThat(f.message()).isEqualTo("a\r\n\u0000\r\nb\r\n");
    }

    @Test
    void overTheLimitTheMessageIsCutButFramingGoesOn() throws IOException {
        Framed f = frame("0123456789\r\n0123456789\r\n.\r\n", 4, 15);
        assertThat(f.done()).isTrue();
        assertThat(f.overflow()).isTrue();
        assertThat(f.message()).hasSize(15);
    }
}
