package org.bayard.core.token;

/**
 * The Subject line: its words under {@code subject:}, its punctuation runs ({@code subject:!!!},
 * {@code subject:$$}), and whether it shouts. Words of two letters count here ("re", "fw"):
 * in a subject they say whether this is a reply.
 */
final class SubjectFeatures implements WordSink {

    private static final String PREFIX = "subject:";
    private static final int MAX_RUN = 8;

    private final FeatureSink sink;
    private final WordSplitter splitter;
    private final TextCleaner cleaner;
    private final int maxWordLength;
    private final StringBuilder run = new StringBuilder();

    SubjectFeatures(FeatureSink sink, WordSplitter splitter, TextCleaner cleaner, int maxWordLength) {
        this.sink = sink;
        this.splitter = splitter;
        this.cleaner = cleaner;
        this.maxWordLength = maxWordLength;
    }

    void accept(String value) {
        CharSequence text = cleaner.clean(value);
        splitter.split(text, this);
        punctuationRuns(text);
        shouting(text);
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

    private void punctuationRuns(CharSequence text) {
        run.setLength(0);
        for (int i = 0, n = text.length(); i <= n; i++) {
            char c = i < n ? text.charAt(i) : ' ';
            if (!Character.isWhitespace(c) && !Character.isLetterOrDigit(c) && !Character.isISOControl(c)) {
                if (run.length() < MAX_RUN) {
                    run.append(c);
                }
            } else if (!run.isEmpty()) {
                sink.accept(PREFIX, run);
                run.setLength(0);
            }
        }
    }

    /** Mostly upper case over at least 6 letters: "FREE OFFER INSIDE". */
    private void shouting(CharSequence text) {
        int letters = 0;
        int upper = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
            }
        }
        if (letters >= 6 && upper * 10 >= letters * 8) {
            sink.accept(PREFIX, "shape:caps");
        }
    }
}
