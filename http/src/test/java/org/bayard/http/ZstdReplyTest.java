package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.compress.zstd.ZstdDecompressor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ZstdReplyTest {
    @Test
    void zstdIsAcceptedWhenListedWithoutAZeroWeight() {
        assertThat(ZstdReply.accepted("zstd")).isTrue();
        assertThat(ZstdReply.accepted("gzip, deflate, br, zstd")).as("what Chromium sends").isTrue();
        assertThat(ZstdReply.accepted(" ZSTD ; q=0.5 ")).isTrue();
        assertThat(ZstdReply.accepted("zstd;q=0.001")).isTrue();
        assertThat(ZstdReply.accepted(null)).isFalse();
        assertThat(ZstdReply.accepted("")).isFalse();
        assertThat(ZstdReply.accepted("gzip, br")).isFalse();
        assertThat(ZstdReply.accepted("zstdx, xzstd")).isFalse();
        assertThat(ZstdReply.accepted("zstd;q=0")).as("q=0 refuses the coding").isFalse();
        assertThat(ZstdReply.accepted("zstd; Q=0.000")).isFalse();
    }

    @Test
    void aCompressedAnswerDeclaresItsSizeAndMakesTheAnswerAgain() {
        byte[] answer = "{\"action\":\"reject\",\"score\":22.5}".repeat(40).getBytes(StandardCharsets.UTF_8);
        byte[] frame = ZstdReply.compress(answer);
        assertThat(frame.length).isLessThan(answer.length);
        assertThat(ZstdDecompressor.getDecompressedSize(frame, 0, frame.length)).isEqualTo(answer.length);
        byte[] made = new byte[answer.length];
        new ZstdDecompressor().decompress(frame, 0, frame.length, made, 0, made.length);
        assertThat(made).isEqualTo(answer);
    }
}
