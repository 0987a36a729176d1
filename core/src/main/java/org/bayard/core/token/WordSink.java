package org.bayard.core.token;

/** Receives the words of a text from {@link WordSplitter}. */
interface WordSink {

    /**
     * One lower-cased word of {@code length} chars. {@code chars} is a reused buffer whose
     * first {@code stored} chars hold the word: all of it, unless it is longer than the
     * splitter's limit, when only the first {@code maxWordLength + 1} are kept.
     */
    void word(char[] chars, int stored, int length);
}
