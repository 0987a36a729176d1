package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A message as the export writes it, copied byte by byte: what mboxrd quoting and LF line ends make of it. */
class MboxQuotingTest {
    private static String quoted(String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Mbox.Quoting(out).copy(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void fromLinesGetOneQuoteMoreWhateverQuotesTheyHad() throws IOException {
        assertThat(quoted("Subject: x\r\n\r\nFrom here\r\n>From there\r\n>>>From afar\r\n"))
                .isEqualTo("Subject: x\n\n>From here\n>>From there\n>>>>From afar\n\n");
    }

    @Test
    void linesThatOnlyBeginLikeAFromLineAreLeftAlone() throws IOException {
        assertThat(quoted("From\r\nFrom:x\r\n>>Fro\r\n> From x\r\nFromage\r\n>\r\nFrom ")).isEqualTo("From\nFrom:x\n>>Fro\n> From x\nFromage\n>\n>From \n");
    }

    @Test
    void onlyCrLfBecomesLfAndOnlyLfEndsALine() throws IOException {
        // a bare CR, CR CR LF, a NEL (0x85) and a line separator's bytes are content; a bare LF ends a line
        assertThat(quoted("a\rFrom x\r\r\nb\u0085From y\nFrom z\r")).isEqualTo("a\rFrom x\r\nb\u0085From y\n>From z\r\n");
    }

    @Test
    void aLongRunOfQuotesCostsNothingAndStaysWhole() throws IOException {
        String quotes = ">".repeat(100_000);
        assertThat(quoted(quotes + "From x\r\n" + quotes + "x")).isEqualTo(">" + quotes + "From x\n" + quotes + "x\n");
    }

    @Test
    void anEmptyMessageIsOneLineEnd() throws IOException {
        assertThat(quoted("")).isEqualTo("\n");
    }
}
