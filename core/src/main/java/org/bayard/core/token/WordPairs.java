package org.bayard.core.token;

/**
 * Word pairs: each word paired with the word before it ({@code osb1:free money}). A pair is much
 * rarer than its words, so it is sharper evidence. The name is that of orthogonal sparse
 * bigrams (Rspamd, OSBF-Lua), of which this keeps only the gap of one; stores learned with the
 * gap-2 pairs as well ({@code osb2:}) keep their {@code osb1:} counts, which mean the same.
 *
 * <p>Measured with {@code bayard eval}, SpamAssassin corpus, 1-ROCA% (lower is better):
 * <ul>
 *   <li>With SpamBayes' classifier settings (150 strongest tokens): 0.1265 without pairs, 0.1205
 *       with gap 1, 0.1083 with gaps 1 and 2; gaps 3 to 5 as well made it worse.</li>
 *   <li>With today's classifier (every token past a minimum strength, evidence scaled to 150
 *       tokens' worth; {@code ClassifierParams.DEFAULTS}), the gap-2 pairs no longer help: the
 *       classifier treats a message's pairs as independent evidence, and a word's two pairs and
 *       the word itself largely repeat one another. Gaps 1 and 2 against gap 1 alone (minimum
 *       strength 0.3 against 0.31, each near its best), four protocols, every other figure too:
 *       online 0.0648 / 0.0571 (ham misclassified 0.05% / 0.00, spam 10.86% / 10.60,
 *       unsure 4.07% / 3.95); online in time order ({@code index.chrono}) 0.1275 / 0.1212 (ham
 *       0.46 / 0.39, but spam 5.85 / 6.33); 10-fold 0.0252 / 0.0226 (seeds 1 to 3: 0.0301 / 0.0265,
 *       0.0247 / 0.0211, 0.0244 / 0.0215); batch 0.0295 / 0.0175.
 *       No pairs at all, at its own best settings (strength 0.33, 100 tokens' worth), did as
 *       well shuffled (0.0629) and in 10 folds (0.0219), but worse in time order (0.1446, spam
 *       9.02%): the pairs carry a young model. Gap 1 alone also makes a third fewer
 *       features per message and half the tokens in the store (655,753 against 1,225,852 for
 *       the corpus).</li>
 * </ul>
 */
final class WordPairs {

    private final FeatureSink sink;
    private final StringBuilder previous = new StringBuilder();
    private final StringBuilder current = new StringBuilder();

    WordPairs(FeatureSink sink) {
        this.sink = sink;
    }

    /** Forgets the previous word: pairs never span two texts (two parts, or visible and hidden runs). */
    void reset() {
        previous.setLength(0);
    }

    /** A word of {@code length} chars of {@code chars} from {@code offset}: its pair with the word before it. */
    void word(char[] chars, int offset, int length) {
        current.setLength(0);
        current.append(chars, offset, length);
        if (!previous.isEmpty()) {
            sink.acceptPair("osb1:", previous, current);
        }
        previous.setLength(0);
        previous.append(current);
    }
}
