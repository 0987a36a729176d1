package org.bayard.core.token;

import org.bayard.core.mail.AsciiSet;

/**
 * The Subject line: its words under {@code subject:}, its punctuation runs ({@code subject:!!!},
 * {@code subject:$$}), and whether it shouts. Words of two letters count here ("re", "fw"):
 * in a subject they say whether this is a reply.
 */
final class SubjectFeatures implements WordSink {

    private static final String PREFIX = "subject:";
    private static final int MAX_RUN = 8;
    /** The ASCII chars that are neither whitespace, letters, digits nor controls. */
    private static final AsciiSet PUNCTUATION = AsciiSet.of("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

    private final FeatureSink sink;
    private final WordSplitter splitter;
    private final int maxWordLength;
    /** The cleaned subject, which the splitter's lower-casing leaves as it is for the case and punctuation tests. */
    private final TextBuffer text = new TextBuffer();
    private final StringBuilder run = new StringBuilder();

    SubjectFeatures(FeatureSink sink, WordSplitter splitter, int maxWordLength) {
        this.sink = sink;
        this.splitter = splitter;
        this.maxWordLength = maxWordLength;
    }

    void accept(String value) {
        TextCleaner.clean(value, text);
        splitter.start(text);
        splitter.split(this);
        punctuationRunsAndShouting();
    }

    @Override
    public void word(char[] chars, int stored, int length) {
        if (length < 2) {
            return;
        }
        if (length > maxWordLength) {
            sink.accept(PREFIX, "skip:long");
        } else {
            sink.accept(PREFIX, chars, 0, stored);
        }
    }

    /**
     * The punctuation runs, in order, then whether the subject shouts: mostly upper case over at
     * least 6 letters ("FREE OFFER INSIDE"). One pass over the cleaned text's array, where a pass
     * for each through {@code charAt} read every char twice with a bounds check each time.
     */
    private void punctuationRunsAndShouting() {
        char[] chars = text.array();
        int letters = 0;
        int upper = 0;
        run.setLength(0);
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = chars[i];
            if (isPunctuation(c)) {
                if (run.length() < MAX_RUN) {
                    run.append(c);
                }
                continue;
            }
            endRun();
            if (c < 0x80) { // below 0x80 only a-z and A-Z are letters: no Unicode table per char
                if (c >= 'A' && c <= 'Z') {
                    letters++;
                    upper++;
                } else if (c >= 'a' && c <= 'z') {
                    letters++;
                }
            } else if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
            }
        }
        endRun();
        if (letters >= 6 && upper * 10 >= letters * 8) {
            sink.accept(PREFIX, "shape:caps");
        }
    }

    /** Emits the run of punctuation that a char which is none ends, if any. */
    private void endRun() {
        if (!run.isEmpty()) {
            sink.accept(PREFIX, run);
            run.setLength(0);
        }
    }

    /** Neither whitespace, letter, digit nor control; printable ASCII is looked up in a mask. */
    private static boolean isPunctuation(char c) {
        if (c < 0x80) {
            return PUNCTUATION.contains(c);
        }
        return !Character.isWhitespace(c) && !Character.isLetterOrDigit(c) && !Character.isISOControl(c);
    }
}
