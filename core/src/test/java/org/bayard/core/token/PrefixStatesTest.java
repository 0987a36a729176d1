package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrefixStatesTest {

    private final PrefixStates states = new PrefixStates();

    @Test
    void givesEachPrefixItsOwnStateWhateverTheOrder() {
        String[] prefixes = {"from:addr:", "from:local:", "from:domain:", "received:", "received:ip:", "url:", ""};
        for (int round = 0; round < 3; round++) {
            for (String p : prefixes) {
                assertThat(states.of(p)).as(p).isEqualTo(FeatureHash.feed(FeatureHash.SEED, p));
            }
        }
    }

    /** Many prefixes share a slot; an equal string that is another object is fed, never mistaken for another prefix. */
    @Test
    void prefixesSharingASlotOrBuiltPerCallAreFedAgain() {
        for (int i = 0; i < 1_000; i++) {
            String built = "p" + i + ":";
            assertThat(states.of(built)).as(built).isEqualTo(FeatureHash.feed(FeatureHash.SEED, built));
            String again = new String(built);
            assertThat(states.of(again)).isEqualTo(FeatureHash.feed(FeatureHash.SEED, built));
        }
    }
}
