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
}
