package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.bayard.smtp.RecordingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * smtp.max-line-length is a limit, not an allocation: every session set aside a buffer of the
 * whole limit before reading a byte, so the largest value config check passes (2147483647) left
 * every client without even a greeting, and a large one cost its size per connection.
 */
class SmtpLineLimitTest {
    @TempDir Path tmp;

    @Test
    void aLargeLineLimitStillGreetsAndTakesALongLine() throws Exception {
        try (RecordingSink sink = new RecordingSink();
             TestGate g = TestGate.start("", "  max-line-length: 2147483647\n", tmp.resolve("db"), tmp.resolve("q"),
                     sink.address().getPort(), Clock.systemUTC(), new ByteArrayOutputStream());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), g.gate().port())) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("220 ");
            // past the default 2048, within the configured limit: an ordinary command
            out.write(("NOOP " + "x".repeat(100_000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("250 ");
        }
    }
}
