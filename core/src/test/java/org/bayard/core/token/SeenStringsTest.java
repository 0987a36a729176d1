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
    void pastTheLimitStringsAreNoLongerRemembered() {
        SeenStrings seen = new SeenStrings(2);
        seen.firstTime("a");
        seen.firstTime("b");
        assertThat(seen.firstTime("c")).isTrue();
        assertThat(seen.firstTime("c")).isTrue(); // no room left to remember it
        assertThat(seen.firstTime("a")).isFalse(); // remembered before the limit
    }
}
