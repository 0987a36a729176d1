package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where a connection to the next hop is lost decides what the next hop may have done with the
 * message: before the final dot it delivers nothing ({@link NextHop.EndNotSent}), after it (no
 * answer read) it may have delivered it (any other IOException). A real listener on loopback hangs
 * up at each point.
 */
class NextHopCutOffTest {
    RecordingSink sink;
    @RegisterExtension final Sinks sinks = new Sinks();

    /** Lines of text, {@code bytes} long: more than the sockets' buffers hold, so a hang-up mid-data stops the writing. */
    static InputStream text(int bytes) {
        byte[] line = "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[bytes - bytes % line.length];
        for (int i = 0; i < all.length; i += line.length) System.arraycopy(line, 0, all, i, line.length);
        return new ByteArrayInputStream(all);
    }

    NextHop transaction() throws IOException {
        NextHop hop = NextHop.connect(sink.address(), "gate.test", Duration.ofSeconds(10));
        assertThat(hop.mail("a@example.org", "").code()).isEqualTo(250);
        assertThat(hop.rcpt("b@example.test").code()).isEqualTo(250);
        assertThat(hop.data().code()).isEqualTo(354);
        return hop;
    }

    @Test
    void lostAtTheStartOfTheDataOrInItsMiddleIsNotDelivered() throws Exception {
        sink = sinks.start();
        for (long after : new long[] {0, 1 << 20}) {
            sink.hangUpAfterDataBytes = after;
            int[] beforeEnd = {0};
            try (NextHop hop = transaction()) {
                assertThatThrownBy(() -> hop.send("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), text(32 << 20),
                        () -> beforeEnd[0]++)).as("hung up after " + after + " bytes").isInstanceOf(NextHop.EndNotSent.class);
                assertThat(hop.broken()).isTrue();
            }
            assertThat(beforeEnd[0]).as("nothing is noted for a message whose end was never written").isZero();
        }
        assertThat(sink.dots.get()).isZero();
    }

    @Test
    void lostAfterTheFinalDotMayHaveDelivered() throws Exception {
        sink = sinks.start();
        sink.endReply = null; // reads the whole message and its dot, then hangs up without an answer
        int[] beforeEnd = {0};
        try (NextHop hop = transaction()) {
            assertThatThrownBy(() -> hop.send("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), text(1 << 20),
                    () -> beforeEnd[0]++)).isInstanceOf(IOException.class).isNotInstanceOf(NextHop.EndNotSent.class);
        }
        assertThat(beforeEnd[0]).as("noted once, before the dot").isEqualTo(1);
        assertThat(sink.dots.get()).isEqualTo(1);
    }

    /** What runs before the dot failing (the note cannot be written) ends the message unsent: no dot goes out. */
    @Test
    void aFailureJustBeforeTheDotSendsNoDot() throws Exception {
        sink = sinks.start();
        try (NextHop hop = transaction()) {
            assertThatThrownBy(() -> hop.send("Subject: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII), text(4096), () -> {
                throw new IOException("disk full");
            })).isInstanceOf(NextHop.EndNotSent.class).hasMessageContaining("disk full");
        }
        // the hop closed: once the sink has read to the end of its session, a dot would have been counted
        for (long end = System.nanoTime() + 30_000_000_000L; sink.ended.get() == 0 && System.nanoTime() < end; ) Thread.sleep(10);
        assertThat(sink.ended.get()).as("the sink saw the session end").isEqualTo(1);
        assertThat(sink.dots.get()).isZero();
        assertThat(sink.delivered).isEmpty();
    }
}
