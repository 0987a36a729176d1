package org.bayard.app.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bayard.app.MutableClock;
import org.junit.jupiter.api.Test;

/** Which retries the unsure delay counts as the same message sent again. */
class UnsureDelayTest {
    private static final byte[] MESSAGE = "Subject: hello\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T12:00:00Z"));
    private final UnsureDelay delay = new UnsureDelay(Duration.ofMinutes(5), clock);

    @Test
    void aRetryFromAnotherMachineOfTheSameIpv4Slash24IsTheSameMessage() throws Exception {
        assertThat(firstThenRetry("192.0.2.10", "192.0.2.77")).isTrue();
    }

    @Test
    void aRetryFromAnotherIpv4NetworkIsANewMessage() throws Exception {
        assertThat(firstThenRetry("192.0.2.10", "192.0.3.10")).isFalse();
    }

    @Test
    void ipv6ClientsAreComparedByTheirSlash64() throws Exception {
        assertThat(firstThenRetry("2001:db8:1:2::10", "2001:db8:1:2:ffff::1")).isTrue();
        assertThat(firstThenRetry("2001:db8:1:2::10", "2001:db8:1:3::10")).isFalse();
    }

    @Test
    void aRetryBeforeTheMinimumDelayIsRefusedAgain() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.10");
        assertThat(delay.retriedInTime(client, "a@example.org", List.of("b@example.test"), MESSAGE)).isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(delay.retriedInTime(client, "a@example.org", List.of("b@example.test"), MESSAGE)).isFalse();
    }

    /**
     * The clock stepped back (NTP correcting a clock that ran days ahead) after a first attempt:
     * the first sight was then in the future, every retry came "before" the delay was over, and
     * the message got 451 until the clock caught up, days later; its sender gave up and bounced
     * it first. A first sight in the future now starts the wait again, so the sender's next retry
     * after the delay is held.
     */
    @Test
    void aClockSteppedBackStartsTheWaitAgainInsteadOfRefusingUntilItCatchesUp() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.10");
        List<String> rcpt = List.of("b@example.test");
        assertThat(delay.retriedInTime(client, "a@example.org", rcpt, MESSAGE)).isFalse();
        clock.advance(Duration.ofDays(-3));
        clock.advance(Duration.ofMinutes(6));
        assertThat(delay.retriedInTime(client, "a@example.org", rcpt, MESSAGE)).as("the wait starts again").isFalse();
        clock.advance(Duration.ofMinutes(6));
        assertThat(delay.retriedInTime(client, "a@example.org", rcpt, MESSAGE)).as("held at the next retry").isTrue();
    }

    private boolean firstThenRetry(String first, String retry) throws Exception {
        List<String> rcpt = List.of("b@example.test");
        assertThat(delay.retriedInTime(InetAddress.getByName(first), "a@example.org", rcpt, MESSAGE)).isFalse();
        clock.advance(Duration.ofMinutes(6));
        return delay.retriedInTime(InetAddress.getByName(retry), "a@example.org", rcpt, MESSAGE);
    }
}
