package org.bayard.core.token;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureHashTest {

    @Test
    void prefixThenWordEqualsTheConcatenatedName() {
        assertThat(FeatureHash.of("subject:", "free")).isEqualTo(FeatureHash.of("subject:free"));
        assertThat(FeatureHash.of("", "")).isEqualTo(FeatureHash.of(""));
        assertThat(FeatureHash.of("url:", new StringBuilder("example.com"))).isEqualTo(FeatureHash.of("url:example.com"));
    }

    @Test
    void aCharRangeHashesLikeTheStringItHolds() {
        char[] chars = "xxfreeGrüße\u200Byy".toCharArray();
        assertThat(FeatureHash.of("", chars, 2, 4)).isEqualTo(FeatureHash.of("free"));
        assertThat(FeatureHash.of("subject:", chars, 2, 4)).isEqualTo(FeatureHash.of("subject:free"));
        assertThat(FeatureHash.of("hidden:", chars, 6, 5)).isEqualTo(FeatureHash.of("hidden:Grüße"));
        assertThat(FeatureHash.of("url:", chars, 6, 6)).isEqualTo(FeatureHash.of("url:Grüße\u200B"));
        assertThat(FeatureHash.of("osb1:", chars, 0, 0)).isEqualTo(FeatureHash.of("osb1:"));
    }

    @Test
    void aHashContinuedFromAPrefixStateEqualsTheWholeName() {
        long afterPrefix = FeatureHash.feed(FeatureHash.SEED, "url:");
        assertThat(FeatureHash.continued(afterPrefix, 4, "example")).isEqualTo(FeatureHash.of("url:example"));
        assertThat(FeatureHash.continued(afterPrefix, 4, "xexample".toCharArray(), 1, 7)).isEqualTo(FeatureHash.of("url:example"));
    }

    @Test
    void hashesAreStableForever() {
        // Stores persist these values: if this test fails, the hash changed and Tokenizer.VERSION must be bumped.
        assertThat(FeatureHash.of("")).isEqualTo(0x01ad98c524994545L);
        assertThat(FeatureHash.of("free")).isEqualTo(0xe124d7c8330d6a0eL);
        assertThat(FeatureHash.of("subject:free")).isEqualTo(0x46d91a315c0fcab0L);
        assertThat(FeatureHash.of("hidden:Grüße")).isEqualTo(0xb179511f822fe8a6L);
    }

    @Test
    void whereTheSplitFallsDoesNotMatter() {
        assertThat(FeatureHash.of("ab", "c")).isEqualTo(FeatureHash.of("a", "bc"));
    }

    @Test
    void prefixesKeepFeaturesApart() {
        assertThat(FeatureHash.of("subject:", "free")).isNotEqualTo(FeatureHash.of("", "free"));
        assertThat(FeatureHash.of("ab")).isNotEqualTo(FeatureHash.of("ba"));
        assertThat(FeatureHash.of("a")).isNotEqualTo(FeatureHash.of("a\0"));
    }

    @Test
    void aMillionSimilarNamesDoNotCollide() {
        LongOpenHashSet seen = new LongOpenHashSet();
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            name.setLength(0);
            name.append("osb1:w").append(i % 1000).append(" w").append(i / 1000);
            assertThat(seen.add(FeatureHash.of(name))).as(name.toString()).isTrue();
        }
    }
}
