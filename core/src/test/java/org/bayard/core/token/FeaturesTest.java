package org.bayard.core.token;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeaturesTest {

    @Test
    void repeatedFeaturesCountOnce() {
        Features f = new Features(100);
        f.accept("", "free");
        f.accept("", new StringBuilder("free"));
        f.accept("subject:", "free");
        assertThat(f.size()).isEqualTo(2);
        assertThat(f.hashes()).containsExactlyInAnyOrder(FeatureHash.of("free"), FeatureHash.of("subject:", "free"));
    }

    /** The clues list equally strong features in this order: explain output must not change. */
    @Test
    void anExplainingSetGivesHashesInTheHashSetsIterationOrder() {
        Features f = Features.explaining(5000);
        LongOpenHashSet expected = new LongOpenHashSet(1024);
        for (int i = 0; i < 3000; i++) {
            f.accept("w:", Integer.toString(i % 2000));
            expected.add(FeatureHash.of("w:", Integer.toString(i % 2000)));
        }
        assertThat(f.hashes()).containsExactly(expected.toLongArray());
    }

    /** A cap below the usual first size sizes the hash set too. */
    @Test
    void anExplainingSetWithASmallCapKeepsTheHashSetsOrder() {
        Features f = Features.explaining(300);
        LongOpenHashSet expected = new LongOpenHashSet(300);
        for (int i = 0; i < 300; i++) {
            f.accept("v:", Integer.toString(i));
            expected.add(FeatureHash.of("v:", Integer.toString(i)));
        }
        f.accept("v:", "more");
        expected.add(FeatureHash.of(Features.OVERFLOW));
        assertThat(f.hashes()).containsExactly(expected.toLongArray());
    }

    /** After a message that grew it, a cleared set iterates as a fresh one. */
    @Test
    void aClearedExplainingSetKeepsTheHashSetsOrder() {
        Features f = Features.explaining(5000);
        for (int i = 0; i < 4000; i++) {
            f.accept("w:", Integer.toString(i));
        }
        f.clear();
        LongOpenHashSet expected = new LongOpenHashSet(1024);
        for (int i = 0; i < 1500; i++) {
            f.accept("v:", Integer.toString(i));
            expected.add(FeatureHash.of("v:", Integer.toString(i)));
        }
        assertThat(f.hashes()).containsExactly(expected.toLongArray());
    }

    @Test
    void aScoringSetGivesHashesInTheOrderTheyFirstCame() {
        Features f = new Features(5000);
        long[] expected = new long[2000];
        for (int i = 0; i < 3000; i++) {
            f.accept("w:", Integer.toString(i % 2000));
            expected[i % 2000] = FeatureHash.of("w:", Integer.toString(i % 2000));
        }
        assertThat(f.hashes()).containsExactly(expected);
    }

    @Test
    void aClearedSetStartsOverAfterAHugeMessage() {
        Features f = new Features(20_000);
        for (int i = 0; i < 15_000; i++) {
            f.accept("", Integer.toString(i));
        }
        f.clear();
        f.accept("", "free");
        f.accept("", "free");
        assertThat(f.hashes()).containsExactly(FeatureHash.of("free"));
        assertThat(f.contains("", "1")).isFalse();
    }

    @Test
    void prefixesThatComeAndGoHashAsThemselves() {
        Features f = new Features(100);
        char[] word = "xfreex".toCharArray();
        f.accept("url:", "free");
        f.accept("url:", word, 1, 4);
        f.accept(new String("url:path:"), "free");
        f.accept("url:path:", word, 1, 4);
        f.accept("", word, 1, 4);
        f.accept("url:", "money");
        assertThat(f.hashes()).containsExactlyInAnyOrder(FeatureHash.of("url:", "free"), FeatureHash.of("url:path:", "free"),
                FeatureHash.of("free"), FeatureHash.of("url:", "money"));
    }

    /** A pair is hashed from its two words' hashes, by name or not; an explaining set names it as before. */
    @Test
    void pairsAreHashedAsPairsOnBothKindsOfSet() {
        Features named = Features.explaining(100);
        Features scoring = new Features(100);
        for (Features f : new Features[] {named, scoring}) {
            f.acceptPair("osb1:", new StringBuilder("free"), "money");
            f.accept("osb1:", "free money");
        }
        long pair = FeatureHash.pair("osb1:", "free", "money");
        assertThat(named.hashes()).containsExactlyInAnyOrder(pair, FeatureHash.of("osb1:", "free money"));
        assertThat(scoring.hashes()).containsExactly(pair, FeatureHash.of("osb1:", "free money"));
        assertThat(named.name(pair)).isEqualTo("osb1:free money");
    }

    @Test
    void capStopsAddingAndMarksTheOverflowOnce() {
        Features f = new Features(3);
        for (int i = 0; i < 10; i++) {
            f.accept("w", Integer.toString(i));
        }
        assertThat(f.size()).isEqualTo(4);
        assertThat(f.contains("", Features.OVERFLOW)).isTrue();
        assertThat(f.contains("w", "0")).isTrue();
        assertThat(f.contains("w", "5")).isFalse();
    }

    /** The body words' fast path hands in hashes it computed: the cap refuses them just the same. */
    @Test
    void capWorksTheSameForPrecomputedHashes() {
        Features f = new Features(3);
        for (int i = 0; i < 10; i++) {
            f.acceptHash(FeatureHash.of("w" + i));
        }
        f.accept("w", "10");
        assertThat(f.hashes()).containsExactly(FeatureHash.of("w0"), FeatureHash.of("w1"), FeatureHash.of("w2"),
                FeatureHash.of(Features.OVERFLOW));
    }

    @Test
    void explainingSetRemembersNamesOfReusedBuffers() {
        Features f = Features.explaining(100);
        StringBuilder buffer = new StringBuilder("money");
        f.accept("", buffer);
        buffer.setLength(0);
        buffer.append("other");
        assertThat(f.name(FeatureHash.of("money"))).isEqualTo("money");
        assertThat(f.names()).containsExactly("money");
    }

    @Test
    void scoringSetKeepsNoNames() {
        Features f = new Features(100);
        f.accept("", "money");
        assertThat(f.name(FeatureHash.of("money"))).isNull();
        assertThat(f.names()).isEmpty();
    }

    @Test
    void clearEmptiesForReuse() {
        Features f = Features.explaining(1);
        f.accept("", "a");
        f.accept("", "b");
        f.clear();
        f.accept("", "c");
        assertThat(f.names()).containsExactly("c");
    }
}
