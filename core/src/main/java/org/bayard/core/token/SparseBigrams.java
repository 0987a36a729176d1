package org.bayard.core.token;

/**
 * Orthogonal sparse bigrams: each word paired with each of the two words before it, the gap
 * in the name ({@code osb1:free money} for neighbours, {@code osb2:free money} with one word
 * between). Rspamd and OSBF-Lua, a TREC 2006 winner, use this shape: a pair is much rarer
 * than its words, so it is sharper evidence, and the gap keeps "free money" apart from
 * "free (your) money". Effect on this corpus: to be measured by the lead with {@code bayard eval}.
 */
final class SparseBigrams implements WordSink {

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

    @Override
    public void word(CharSequence word, int length) {
        emit("osb1:", previous, word);
        emit("osb2:", beforePrevious, word);
        StringBuilder recycled = beforePrevious;
        beforePrevious = previous;
        previous = recycled;
        previous.setLength(0);
        previous.append(word);
    }

    private void emit(String prefix, StringBuilder first, CharSequence second) {
        if (first.isEmpty()) {
            return;
        }
        pair.setLength(0);
        pair.append(first).append(' ').append(second);
        sink.accept(prefix, pair);
    }
}
