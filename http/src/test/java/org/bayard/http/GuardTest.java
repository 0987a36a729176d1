package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The throttle on wrong credentials, with a clock the test moves. */
class GuardTest {
    private static final String CLIENT = "192.0.2.7";

    private final HandMovedClock clock = new HandMovedClock();
    /**
     * The service's own defaults, not figures of the test's: the README promises ten guesses, a
     * five-minute lockout and eight idle hours, and this test shows the guard built from them.
     */
    private static final HttpSettings DEFAULTS = HttpSettings.of(new java.net.InetSocketAddress(0),
            java.util.List.of(new Account("mod", Role.ADMIN, Passwords.hash("pw".toCharArray(), 10_000))));
    private final Guard guard = new Guard(clock.utc(), DEFAULTS.sessionIdle(), DEFAULTS.failuresBeforeLockout(), DEFAULTS.lockout());

    @Test
    void tenFailuresLockTheClientOutUntilTheLockoutHasPassed() {
        for (int i = 0; i < 9; i++) guard.failed(CLIENT);
        assertThat(guard.locked(CLIENT)).isFalse();
        guard.failed(CLIENT);
        assertThat(guard.locked(CLIENT)).isTrue();
        assertThat(guard.locked("192.0.2.8")).isFalse();
        // the whole 5 minutes, not less: a second before its end the client is still locked out
        clock.now = clock.now.plus(Duration.ofMinutes(5)).minusSeconds(1);
        assertThat(guard.locked(CLIENT)).isTrue();
        clock.now = clock.now.plusSeconds(2);
        assertThat(guard.locked(CLIENT)).isFalse();
    }

    /** Checks under way take tries before they end, so checks side by side cannot pass the lockout. */
    @Test
    void checksUnderWayCountTowardsTheLockoutUntilTheyEnd() {
        for (int i = 0; i < 8; i++) guard.failed(CLIENT);
        assertThat(guard.checking(CLIENT)).isTrue();
        assertThat(guard.checking(CLIENT)).isTrue();
        assertThat(guard.checking(CLIENT)).as("8 failures and 2 checks under way").isFalse();
        assertThat(guard.locked(CLIENT)).as("not locked out yet: the checks may be right").isFalse();
        guard.checked(CLIENT, true);
        assertThat(guard.checking(CLIENT)).as("a right one gives its try back").isTrue();
        guard.checked(CLIENT, false);
        guard.checked(CLIENT, false);
        assertThat(guard.locked(CLIENT)).isTrue();
        assertThat(guard.checking(CLIENT)).isFalse();
        clock.now = clock.now.plus(Duration.ofMinutes(5)).plusSeconds(1);
        assertThat(guard.checking(CLIENT)).isTrue();
        assertThat(guard.locked(CLIENT)).isFalse();
    }

    /** An IPv6 site picks addresses in its /64 at will: ten guesses from ten of them lock out the /64. */
    @Test
    void ipv6FailuresCountForTheirWhole64() {
        for (int i = 1; i <= 10; i++) guard.failed("2001:db8:1:2:0:0:0:" + Integer.toHexString(i));
        assertThat(guard.locked("2001:db8:1:2:ffff:1:2:3")).isTrue();
        assertThat(guard.locked("2001:db8:1:2::99")).as("the short form too").isTrue();
        assertThat(guard.locked("2001:db8:1:3:0:0:0:1")).as("another /64").isFalse();
        assertThat(guard.locked("192.0.2.7")).isFalse();
        assertThat(guard.checking("2001:db8:1:2:0:0:0:1")).isFalse();
    }

    @Test
    void failuresFurtherApartThanTheLockoutAreForgotten() {
        for (int i = 0; i < 9; i++) guard.failed(CLIENT);
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        guard.failed(CLIENT);
        assertThat(guard.locked(CLIENT)).isFalse();
    }

    /** Forgotten 5 minutes after the last failure, not the first: guesses every 4 minutes add up. */
    @Test
    void failuresLessThanTheLockoutApartAddUp() {
        for (int i = 0; i < 10; i++) {
            assertThat(guard.locked(CLIENT)).as("after %d failures", i).isFalse();
            guard.failed(CLIENT);
            clock.now = clock.now.plus(Duration.ofMinutes(4));
        }
        assertThat(guard.locked(CLIENT)).as("ten failures over 40 minutes, each within 5 of the one before").isTrue();
    }

    /** 8 hours unused is the whole idle time: a session used a second before its end lives on. */
    @Test
    void aSessionUsedWithinItsIdleTimeLivesOn() {
        Guard.Session s = guard.open(new Account("mod", Role.ADMIN, Passwords.hash("pw".toCharArray(), 10_000)));
        clock.now = clock.now.plus(Duration.ofHours(8)).minusSeconds(1);
        assertThat(guard.find(s.id())).as("7:59:59 unused").isPresent();
        clock.now = clock.now.plus(Duration.ofHours(8)).minusSeconds(1);
        assertThat(guard.find(s.id())).as("7:59:59 after its last use").isPresent();
        clock.now = clock.now.plus(Duration.ofHours(8)).plusSeconds(1);
        assertThat(guard.find(s.id())).as("8 hours and a second unused").isEmpty();
    }

    @Test
    void aSessionEndsAfterItsIdleTimeOrADayAfterItsLoginWhateverItsUse() {
        Account moderator = new Account("mod", Role.ADMIN, Passwords.hash("pw".toCharArray(), 10_000));
        Guard.Session idle = guard.open(moderator);
        Guard.Session busy = guard.open(moderator);
        for (int hour = 1; hour <= 24; hour++) {
            clock.now = clock.now.plus(Duration.ofHours(1));
            assertThat(guard.find(busy.id())).as("hour " + hour).isPresent();
        }
        assertThat(guard.find(idle.id())).as("8 hours unused").isEmpty();
        clock.now = clock.now.plusSeconds(1);
        assertThat(guard.find(busy.id())).as("a day after its login").isEmpty();
    }
}
