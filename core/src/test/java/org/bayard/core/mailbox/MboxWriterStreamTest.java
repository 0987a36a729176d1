package org.bayard.core.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A message written to an mbox from a stream (a held message larger than the heap, exported) is
 * written byte for byte as one held in memory: the envelope line, each {@code >*From } line
 * escaped, a missing last line end added, the blank line after it.
 */
class MboxWriterStreamTest {
    private static final byte[] ALPHABET = {'\n', '\r', '>', 'F', 'r', 'o', 'm', ' ', 'x'};
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T02:00:00Z"), ZoneOffset.UTC);

    @Test
    void aStreamIsWrittenAsTheSameBytesInMemory() throws Exception {
        Random random = new Random(26);
        for (int round = 0; round < 20_000; round++) {
            byte[] message = new byte[random.nextInt(30)];
            for (int i = 0; i < message.length; i++) message[i] = ALPHABET[random.nextInt(ALPHABET.length)];
            assertThat(streamed(message)).as(new String(message, "US-ASCII")).isEqualTo(inMemory(message));
        }
    }

    private static byte[] inMemory(byte[] message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MboxWriter w = new MboxWriter(out, CLOCK)) {
            w.write(message);
        }
        return out.toByteArray();
    }

    private static byte[] streamed(byte[] message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MboxWriter w = new MboxWriter(out, CLOCK)) {
            w.write(new ByteArrayInputStream(message));
        }
        return out.toByteArray();
    }
}
