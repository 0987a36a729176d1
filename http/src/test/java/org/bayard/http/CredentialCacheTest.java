package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bayard.http.CredentialCache.Via;
import org.junit.jupiter.api.Test;

/** What the cache of right credentials keeps, for how long, and what it never answers for; with a clock the test moves. */
class CredentialCacheTest {
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-23T06:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static final String HASH = Passwords.hash("pw".toCharArray(), 10_000);
    private final Hands clock = new Hands();
    private final CredentialCache cache = new CredentialCache(clock);
    private final Account mod = new Account("mod", Role.ADMIN, HASH);
    private final List<Account> accounts = List.of(mod);

    @Test
    void anEntryAnswersForFifteenMinutesAfterItsCheckAndThenIsGone() {
        String k = cache.key(Via.BASIC, "mod", "pw".toCharArray());
        cache.remember(k, mod);
        clock.now = clock.now.plus(Duration.ofMinutes(15)).minusSeconds(1);
        assertThat(cache.find(k, accounts)).contains(mod);
        clock.now = clock.now.plusSeconds(1);
        assertThat(cache.find(k, accounts)).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void anEntryDoesNotAnswerForAnAccountNoLongerConfiguredAsItWas() {
        String k = cache.key(Via.PASSWORD_HEADER, "", "pw".toCharArray());
        cache.remember(k, mod);
        assertThat(cache.find(k, List.of(new Account("mod", Role.READ, HASH)))).isEmpty();
        assertThat(cache.find(k, accounts)).as("dropped, not only hidden").isEmpty();
        cache.remember(k, mod);
        cache.clear();
        assertThat(cache.find(k, accounts)).isEmpty();
    }

    @Test
    void keysDifferByWayUserAndPasswordAndAreNotThePassword() {
        String basic = cache.key(Via.BASIC, "mod", "pw".toCharArray());
        assertThat(cache.key(Via.BASIC, "mod", "pw".toCharArray())).isEqualTo(basic);
        assertThat(List.of(cache.key(Via.PASSWORD_HEADER, "mod", "pw".toCharArray()), cache.key(Via.BASIC, "mo", "dpw".toCharArray()),
                cache.key(Via.BASIC, "mod", "pW".toCharArray()), cache.key(Via.BASIC, "mod", "pw ".toCharArray()))).doesNotContain(basic);
        assertThat(basic).doesNotContain("pw").hasSize(44); // 32 bytes in base64
        assertThat(new CredentialCache(clock).key(Via.BASIC, "mod", "pw".toCharArray())).as("another process's key").isNotEqualTo(basic);
    }

    @Test
    void theLeastLatelyUsedGoesFirstPastTheBound() {
        String first = cache.key(Via.BASIC, "mod", "pw0".toCharArray());
        String second = cache.key(Via.BASIC, "mod", "pw1".toCharArray());
        cache.remember(first, mod);
        cache.remember(second, mod);
        assertThat(cache.find(first, accounts)).isPresent(); // now the second is the least lately used
        for (int i = 2; i <= CredentialCache.MAX_ENTRIES; i++) cache.remember(cache.key(Via.BASIC, "mod", ("pw" + i).toCharArray()), mod);
        assertThat(cache.size()).isEqualTo(CredentialCache.MAX_ENTRIES);
        assertThat(cache.find(second, accounts)).isEmpty();
        assertThat(cache.find(first, accounts)).isPresent();
    }
}
