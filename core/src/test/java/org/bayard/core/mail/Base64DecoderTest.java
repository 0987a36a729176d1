package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class Base64DecoderTest {

    private static DecoderTesting.Result decode(String encoded) {
        return DecoderTesting.run(Base64Decoder::decode, encoded);
    }

    @Test
    void decodesAcrossLineBreaksWithAndWithoutPadding() {
        assertThat(decode("aGVs\r\nbG8g\nd29y bGQ=").text()).isEqualTo("hello world");
        assertThat(decode("aGVs\r\nbG8g\nd29y bGQ=").anomalies()).isEmpty();
        assertThat(decode("YQ==").text()).isEqualTo("a");
        assertThat(decode("YWI=").text()).isEqualTo("ab");
    }

    @Test
    void foreignBytesAreSkippedAsAFault() {
        DecoderTesting.Result result = decode("aG\tV\u0000sb*G8=");
        assertThat(result.text()).isEqualTo("hello");
        assertThat(result.anomalies()).containsExactly("bad-enc");
    }

    @Test
    void theFirstPadEndsTheDataAndAPartialGroupIsDropped() {
        assertThat(decode("YQ==aGVsbG8=").text()).isEqualTo("a");
        assertThat(decode("aGVsbG").text()).isEqualTo("hel");
        assertThat(decode("aGVsbG").anomalies()).containsExactly("bad-enc");
        assertThat(decode("aGVs=").anomalies()).containsExactly("bad-enc");
    }

    @Test
    void stopsAtTheCap() {
        assertThat(DecoderTesting.run(Base64Decoder::decode, "aGVsbG8gd29ybGQ=", 4).text()).isEqualTo("hell");
    }

    /** Whole groups are written three bytes at once: a cap inside or between groups still cuts the text where it falls. */
    @Test
    void everyCapCutsTheTextAtTheCap() {
        String text = "hello world, and more";
        for (int cap = 0; cap <= text.length(); cap++) {
            assertThat(DecoderTesting.run(Base64Decoder::decode, "aGVsbG8gd29y\r\nbGQsIGFuZCBtb3Jl", cap).text())
                    .as("cap %d", cap).isEqualTo(text.substring(0, cap));
        }
    }

    @Test
    void agreesWithMime4jOnRandomInput() throws IOException {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String encoded = DecoderTesting.random(random, "QUJDRA+/z9==\r\n \t*\u00ff", 40);
            assertThat(decode(encoded)).as("input %s", encoded).isEqualTo(DecoderTesting.reference(encoded, false));
        }
    }

    /** C5 of the reliability matrix: whatever the input, the output is at most three bytes per four input bytes. */
    @Test
    void neverDecodesToMoreThanThreeQuartersOfItsInput() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String encoded = DecoderTesting.random(random, "QUJDRA+/z9==\r\n \t*\u00ff", 200);
            assertThat(DecoderTesting.run(Base64Decoder::decode, encoded).text().length()).as("input %s", encoded)
                    .isLessThanOrEqualTo(encoded.length() * 3 / 4);
        }
    }
}
