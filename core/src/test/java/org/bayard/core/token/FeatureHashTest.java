package org.bayard.core.token;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureHashTest {

    @Test
    void aCharRangeHashesLikeTheStringItHolds() {
        char[] chars = "xxfreeGrüße\u200Byy".toCharArray();
        assertThat(FeatureHash.of("", chars, 2, 4)).isEqualTo(FeatureHash.of("free"));
        assertThat(FeatureHash.of("subject:", chars, 2, 4)).isEqualTo(FeatureHash.of("subject:", "free"));
        assertThat(FeatureHash.of("hidden:", chars, 6, 5)).isEqualTo(FeatureHash.of("hidden:", "Grüße"));
        assertThat(FeatureHash.of("url:", chars, 6, 6)).isEqualTo(FeatureHash.of("url:", new StringBuilder("Grüße\u200B")));
        assertThat(FeatureHash.of("osb1:", chars, 0, 0)).isEqualTo(FeatureHash.of("osb1:", ""));
    }

    /** Every length, for the whole chunks, the overlapping last chunk and the short words' one chunk. */
    @Test
    void aWordsStateIsTheSameFromCharsAndFromAString() {
        Random random = new Random(7);
        for (int n = 0; n < 60; n++) {
            for (int trial = 0; trial < 50; trial++) {
                char[] chars = new char[n + 6];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x10000));
                }
                String word = new String(chars, 3, n);
                assertThat(FeatureHash.state(chars, 3, n)).as("length %d", n).isEqualTo(FeatureHash.state(word));
            }
        }
    }

    /** Words that fill the array to its last char or start at its first, where short words are read without a branch on their length. */
    @Test
    void aWordsStateIsTheSameAtTheArraysEnds() {
        Random random = new Random(8);
        for (int n = 0; n < 14; n++) {
            for (int before = 0; before <= 5; before++) {
                for (int after = 0; after <= 2; after++) {
                    char[] chars = new char[before + n + after];
                    for (int i = 0; i < chars.length; i++) {
                        chars[i] = (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : random.nextInt(0x10000));
                    }
                    String word = new String(chars, before, n);
                    assertThat(FeatureHash.state(chars, before, n)).as("length %d at %d of %d", n, before, chars.length)
                            .isEqualTo(FeatureHash.state(word));
                }
            }
        }
    }

    @Test
    void aPairIsCombinedFromItsWordsStates() {
        assertThat(FeatureHash.pair("osb1:", "free", new StringBuilder("money"))).isEqualTo(
                FeatureHash.pair(FeatureHash.prefixKey("osb1:"), FeatureHash.state("free"), FeatureHash.state("money")));
        assertThat(FeatureHash.of("url:", "free"))
                .isEqualTo(FeatureHash.of(FeatureHash.prefixKey("url:"), FeatureHash.state("free")));
    }

    @Test
    void hashesAreStableForever() {
        // Stores persist these values: if this test fails, the hash changed and Tokenizer.VERSION must be bumped.
        assertThat(FeatureHash.of("")).isEqualTo(0xd2c85f4b4a2fa246L);
        assertThat(FeatureHash.of("free")).isEqualTo(0x5ef1791a66ee4dfdL);
        assertThat(FeatureHash.of("subject:", "free")).isEqualTo(0xc1908c50df45ab81L);
        assertThat(FeatureHash.of("hidden:", "Grüße")).isEqualTo(0x3453379765b3aeb1L);
        assertThat(FeatureHash.of("url:", "example.com")).isEqualTo(0x3d29cab8c64f000eL);
        assertThat(FeatureHash.pair("osb1:", "free", "money")).isEqualTo(0x4999f5432efd7761L);
    }

    @Test
    void prefixesWordsAndPairsKeepFeaturesApart() {
        assertThat(FeatureHash.of("subject:", "free")).isNotEqualTo(FeatureHash.of("", "free"));
        assertThat(FeatureHash.of("ab")).isNotEqualTo(FeatureHash.of("ba"));
        assertThat(FeatureHash.of("a")).isNotEqualTo(FeatureHash.of("a\0"));
        assertThat(FeatureHash.of("abcd")).isNotEqualTo(FeatureHash.of("abcd\0"));
        // the prefix is part of the identity: a name split elsewhere is another feature
        assertThat(FeatureHash.of("ab", "c")).isNotEqualTo(FeatureHash.of("a", "bc"));
        assertThat(FeatureHash.pair("osb1:", "free", "money")).isNotEqualTo(FeatureHash.pair("osb1:", "money", "free"));
        assertThat(FeatureHash.pair("osb1:", "ab", "c")).isNotEqualTo(FeatureHash.pair("osb1:", "a", "bc"));
        assertThat(FeatureHash.pair("osb1:", "free", "money")).isNotEqualTo(FeatureHash.of("osb1:", "free money"));
    }

    @Test
    void aMillionSimilarPairsDoNotCollide() {
        LongOpenHashSet seen = new LongOpenHashSet();
        for (int i = 0; i < 1_000_000; i++) {
            String first = "w" + (i % 1000);
            String second = "w" + (i / 1000);
            assertThat(seen.add(FeatureHash.pair("osb1:", first, second))).as(first + " " + second).isTrue();
        }
    }

    /** Every word of one to three letters and digits: the short words' one chunk keeps them all apart. */
    @Test
    void allShortWordsAreDistinct() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789$'-.";
        LongOpenHashSet seen = new LongOpenHashSet();
        StringBuilder word = new StringBuilder();
        int count = 0;
        for (int a = 0; a < alphabet.length(); a++) {
            for (int b = -1; b < alphabet.length(); b++) {
                for (int c = -1; c < (b < 0 ? 0 : alphabet.length()); c++) {
                    word.setLength(0);
                    word.append(alphabet.charAt(a));
                    if (b >= 0) word.append(alphabet.charAt(b));
                    if (c >= 0) word.append(alphabet.charAt(c));
                    assertThat(seen.add(FeatureHash.of(word))).as(word.toString()).isTrue();
                    count++;
                }
            }
        }
        assertThat(count).isEqualTo(40 + 40 * 40 + 40 * 40 * 40);
    }

    /**
     * Words that differ in the top char of one chunk and anywhere in the next: a chunk step that
     * did not mix a chunk fully before the next met it would let such differences cancel.
     */
    @Test
    void wordsDifferingInTwoChunksDoNotCollide() {
        LongOpenHashSet seen = new LongOpenHashSet();
        char[] word = "abcXefgh".toCharArray();
        for (int top = 0; top < 64; top++) {
            word[3] = (char) ('0' + top);
            for (int next = 0; next < 32 * 32 * 16; next++) {
                word[4] = (char) ('a' + (next & 31));
                word[5] = (char) ('a' + (next >> 5 & 31));
                word[7] = (char) ('a' + (next >> 10));
                assertThat(seen.add(FeatureHash.of("", word, 0, 8))).as(new String(word)).isTrue();
            }
        }
    }
}
