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

    @Test
    void aRangeIsTheSameStringAsItsCopy() {
        SeenStrings seen = new SeenStrings(10);
        assertThat(seen.firstTime("http://a.example/x", 7, 16)).isTrue();
        assertThat(seen.firstTime("a.example")).isFalse();
        assertThat(seen.firstTime("b.a.example", 2, 11)).isFalse();
        assertThat(seen.firstTime("a.example", 0, 8)).isTrue(); // a prefix is another string
        assertThat(seen.firstTime("a.exampl")).isFalse();
    }

    /** Random strings with many shared hashes ("Aa" and "BB"), through growth and past the limit: as a set that stops adding at the limit. */
    @Test
    void agreesWithABoundedSet() {
        java.util.Random random = new java.util.Random(3);
        String[] pieces = {"Aa", "BB", "x", ""};
        for (int round = 0; round < 200; round++) {
            int limit = 1 + random.nextInt(300);
            SeenStrings seen = new SeenStrings(limit);
            java.util.Set<String> model = new java.util.HashSet<>();
            for (int n = 0; n < 600; n++) {
                StringBuilder s = new StringBuilder("<");
                for (int k = random.nextInt(6); k > 0; k--) {
                    s.append(pieces[random.nextInt(pieces.length)]);
                }
                String text = s.append('>').toString();
                boolean expected = model.size() >= limit ? !model.contains(text.substring(1, text.length() - 1))
                        : model.add(text.substring(1, text.length() - 1));
                boolean actual = random.nextBoolean() ? seen.firstTime(text, 1, text.length() - 1)
                        : seen.firstTime(text.substring(1, text.length() - 1));
                assertThat(actual).as("round %d, %s", round, text).isEqualTo(expected);
            }
        }
    }
}
