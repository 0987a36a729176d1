package org.bayard.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeenStringsTest {

    @Test
    void onlyTheFirstSightingIsNew() {
        SeenStrings seen = new SeenStrings(10);
        assertThat(seen.firstTime("a")).isTrue();
        assertThat(seen.firstTime("b")).isTrue();
        assertThat(seen.firstTime(new String("a"))).isFalse();
        assertThat(seen.firstTime("b")).isFalse();
    }

    @Test
    void stringsWithTheSameHashAreToldApart() {
        SeenStrings seen = new SeenStrings(10);
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(seen.firstTime("Aa")).isTrue();
        assertThat(seen.firstTime("BB")).isTrue();
        assertThat(seen.firstTime("AaAa")).isTrue();
        assertThat(seen.firstTime("BBBB")).isTrue();
        assertThat(seen.firstTime("AaBB")).isTrue();
        assertThat(seen.firstTime("BB")).isFalse();
        assertThat(seen.firstTime("AaBB")).isFalse();
        assertThat(seen.firstTime("BBAa")).isTrue();
    }

    @Test
    void clearingForgetsEverythingAndMakesRoomAgain() {
        SeenStrings seen = new SeenStrings(3);
        for (int round = 0; round < 3; round++) {
            for (String s : new String[] {"a", "b", "c"}) {
                assertThat(seen.firstTime(s)).isTrue();
            }
            assertThat(seen.firstTime("d")).isTrue();
            assertThat(seen.firstTime("d")).isTrue(); // full: not remembered
            assertThat(seen.firstTime("c")).isFalse();
            seen.clear();
        }
    }

    @Test
    void aFullTableStillAnswersForEveryString() {
        int limit = 256;
        SeenStrings seen = new SeenStrings(limit);
        java.util.Set<String> reference = new java.util.HashSet<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 20_000; i++) {
            String s = Integer.toString(random.nextInt(600));
            boolean expected = reference.size() >= limit ? !reference.contains(s) : reference.add(s);
            assertThat(seen.firstTime(s)).as(s).isEqualTo(expected);
        }
    }

    @Test
    void pastTheLimitStringsAreNoLongerRemembered() {
        SeenStrings seen = new SeenStrings(2);
        seen.firstTime("a");
        seen.firstTime("b");
        assertThat(seen.firstTime("c")).isTrue();
        assertThat(seen.firstTime("c")).isTrue(); // no room left to remember it
        assertThat(seen.firstTime("a")).isFalse(); // remembered before the limit
    }

    /**
     * One table reused for message after message, as the link stage's is: after each clear it
     * answers as a fresh set would, for small limits too (one, two, three strings), with strings
     * of equal hash codes ("Aa" and "BB" make 2^k of them) and the empty string. A clear that
     * left strings behind would fill the table, and a probe would then never end: hence the timeout.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aClearedTableAnswersAsAFreshSetForEveryLimit() {
        java.util.Random random = new java.util.Random(1823);
        String[] pool = {"", "Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "a", "b", "http://x/", "http://x/1", "c"};
        for (int limit : new int[] {1, 2, 3, 4, 5, 7, 8, 64}) {
            SeenStrings seen = new SeenStrings(limit);
            for (int message = 0; message < 500; message++) {
                seen.clear();
                java.util.Set<String> reference = new java.util.HashSet<>();
                for (int i = random.nextInt(3 * limit + 5); i > 0; i--) {
                    String s = random.nextInt(3) == 0 ? Integer.toString(random.nextInt(40)) : pool[random.nextInt(pool.length)];
                    boolean expected = reference.size() >= limit ? !reference.contains(s) : reference.add(s);
                    assertThat(seen.firstTime(s)).as("limit %d, message %d: %s", limit, message, s).isEqualTo(expected);
                }
            }
        }
    }
}
