package org.bayard.core.token;

/**
 * Orthogonal sparse bigrams: each word paired with each of the two words before it, the gap
 * in the name ({@code osb1:free money} for neighbours, {@code osb2:free money} with one word
 * between). Rspamd and OSBF-Lua, a TREC 2006 winner, use this shape: a pair is much rarer
 * than its words, so it is sharper evidence, and the gap keeps "free money" apart from
 * "free (your) money". Measured with {@code bayard eval} (online protocol, SpamAssassin
 * corpus, SpamBayes' classifier settings): 1-ROCA% 0.1265 without pairs, 0.1083 with gaps 1 and
 * 2; without the gap-2 pairs 0.1205; adding gaps 3 to 5 made it worse (0.094 to 0.140 against
 * 0.073 at the settings of that experiment).
 */
final class SparseBigrams {

    private final FeatureSink sink;
    private final StringBuilder pair = new StringBuilder();
    private StringBuilder previous = new StringBuilder();
    private StringBuilder beforePrevious = new StringBuilder();

    SparseBigrams(FeatureSink sink) {
        this.sink = sink;
    }

    /** Forgets the window: pairs never span two texts (two parts, or visible and hidden runs). */
    void reset() {
        previous.setLength(0);
        beforePrevious.setLength(0);
    }

    /** A word of {@code length} chars of {@code chars} from {@code offset}: its pairs with the two words before it. */
    void word(char[] chars, int offset, int length) {
        emit("osb1:", previous, chars, offset, length);
        emit("osb2:", beforePrevious, chars, offset, length);
        StringBuilder recycled = beforePrevious;
        beforePrevious = previous;
        previous = recycled;
        previous.setLength(0);
        previous.append(chars, offset, length);
    }

    private void emit(String prefix, StringBuilder first, char[] second, int offset, int length) {
        if (first.isEmpty()) {
            return;
        }
        pair.setLength(0);
        pair.append(first).append(' ').append(second, offset, length);
        sink.accept(prefix, pair);
    }
}
