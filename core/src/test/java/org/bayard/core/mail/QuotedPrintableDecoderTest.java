package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class QuotedPrintableDecoderTest {

    private static DecoderTesting.Result decode(String encoded) {
        return DecoderTesting.run(QuotedPrintableDecoder::decode, encoded);
    }

    @Test
    void escapesAreDecodedAndLineBreaksBecomeCrLf() {
        assertThat(decode("caf=E9 ok\nnext=3d\r\nend").text()).isEqualTo("caf\u00e9 ok\r\nnext=\r\nend");
        assertThat(decode("caf=E9\n").anomalies()).isEmpty();
    }

    @Test
    void softBreaksJoinLinesWithOrWithoutCr() {
        assertThat(decode("one=\r\ntwo=\nthree").text()).isEqualTo("onetwothree");
        assertThat(decode("one=\r\ntwo=\nthree").anomalies()).isEmpty();
    }

    @Test
    void trailingWhitespaceIsDroppedAsAFaultButInnerWhitespaceIsKept() {
        DecoderTesting.Result result = decode("a b \t\nc");
        assertThat(result.text()).isEqualTo("a b\r\nc");
        assertThat(result.anomalies()).containsExactly("bad-enc");
        assertThat(decode("a \tb").text()).isEqualTo("a \tb");
    }

    @Test
    void blanksBeforeAWordAreKeptWhereverTheRunOfWordsEnds() {
        assertThat(decode("one two\tthree \r\nfour  five =\r\nsix =3D seven\013").text())
                .isEqualTo("one two\tthree\r\nfour  five six = seven");
        assertThat(decode("a b\rc d").text()).isEqualTo("a b\rc d");
        assertThat(decode("<tr>\n    <td>\t \tx=3D  y  \r\n  \n").text()).isEqualTo("<tr>\r\n    <td>\t \tx=  y\r\n\r\n");
        assertThat(DecoderTesting.run(QuotedPrintableDecoder::decode, "ab cd ef", 4).text()).isEqualTo("ab c");
    }

    /** An '=' is never part of a run of literals: the decoder goes straight to it, after blanks or another escape. */
    @Test
    void escapesNextToEachOtherOrAfterBlanks() {
        assertThat(decode("a=3D=22b=\r\n=3Dc").text()).isEqualTo("a=\"b=c");
        assertThat(decode("a  =3D \t=20\r\nb").text()).isEqualTo("a  = \t \r\nb");
        assertThat(decode("a  =3D \t=20\r\nb").anomalies()).isEmpty();
        assertThat(decode("a \t=\r\n=3D").text()).isEqualTo("a \t=");
        assertThat(decode("=3D=3D").text()).isEqualTo("==");
    }

    @Test
    void malformedEscapesAreKeptAsTheyAre() {
        DecoderTesting.Result result = decode("100=% =zz=4");
        assertThat(result.text()).isEqualTo("100=% =zz=4");
        assertThat(result.anomalies()).containsExactly("bad-enc");
        assertThat(decode("end=").text()).isEqualTo("end=");
    }

    @Test
    void bareCrIsKeptAndAFinalCrOrTrailingBlanksAreDropped() {
        assertThat(decode("a\rb").text()).isEqualTo("a\rb");
        assertThat(decode("a\rb").anomalies()).containsExactly("bad-enc");
        assertThat(decode("a\r").text()).isEqualTo("a");
        assertThat(decode("a   ").text()).isEqualTo("a");
    }

    @Test
    void nulAndHighBytesPassThrough() {
        assertThat(decode("\u0000\u00ff=00").text()).isEqualTo("\u0000\u00ff\u0000");
    }

    @Test
    void stopsAtTheCap() {
        assertThat(DecoderTesting.run(QuotedPrintableDecoder::decode, "abc=20def\n", 5).text()).isEqualTo("abc d");
    }

    @Test
    void hugeRunOfBlanksIsBoundedByTheInput() {
        String blanks = " ".repeat(200_000);
        assertThat(decode("a" + blanks + "b").text()).hasSize(200_002);
        assertThat(decode("a" + blanks + "\n").text()).isEqualTo("a\r\n");
    }

    /** Blanks no literal follows are held one by one; the end of their run is found once, not once per blank. */
    @Test
    void blanksBeforeALineBreakTakeLinearTime() {
        String blanks = " \t".repeat(500_000);
        // quadratic, a million blanks took hours; linear, milliseconds
        DecoderTesting.Result result = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> decode("a" + blanks + "\r\nb" + blanks + "=\nc" + blanks));
        assertThat(result.text()).isEqualTo("a\r\nb" + blanks + "c");
    }

    @Test
    void agreesWithMime4jOnRandomInput() throws IOException {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String encoded = DecoderTesting.random(random, "=== \t\r\r\n\n\nAa3Dfz\u0000\u00ff\u000b", 40);
            assertThat(decode(encoded)).as("input %s", encoded.replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(DecoderTesting.reference(encoded, true));
        }
    }

    /** Every byte up to the space (literal controls among them) and '=', next to literals and high bytes, across eight-byte words. */
    @Test
    void agreesWithMime4jAroundEveryControlByte() throws IOException {
        StringBuilder alphabet = new StringBuilder("==aaaaZ\u0080\u00ff");
        for (char c = 0; c <= ' '; c++) {
            alphabet.append(c);
        }
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String encoded = DecoderTesting.random(random, alphabet.toString(), 40);
            assertThat(decode(encoded)).as("input %s", encoded.replace("\r", "\\r").replace("\n", "\\n"))
                    .isEqualTo(DecoderTesting.reference(encoded, true));
        }
    }

    /**
     * C5 of the reliability matrix: the output is never longer than the input, but for a CR a
     * line feed may gain (line breaks come out as CRLF; a CR kept after a broken escape, as in
     * {@code =Z\r\n}, is followed by a whole CRLF).
     */
    @Test
    void neverDecodesToMoreThanItsInputAndACrPerBareLineFeed() {
        Random random = new Random(12);
        for (int i = 0; i < 20_000; i++) {
            String encoded = DecoderTesting.random(random, "=ZZ3D0a \t\r\nA\u00ff", 200);
            long lineFeeds = encoded.chars().filter(c -> c == '\n').count();
            assertThat(DecoderTesting.run(QuotedPrintableDecoder::decode, encoded).text().length()).as("input %s", encoded)
                    .isLessThanOrEqualTo(encoded.length() + (int) lineFeeds);
        }
    }
}
