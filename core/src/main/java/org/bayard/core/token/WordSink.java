package org.bayard.core.token;

/** Receives the words of a text from {@link WordSplitter}. */
interface WordSink {

    /**
     * One lower-cased word. {@code word} is a reused buffer holding at most
     * {@code maxWordLength + 1} chars; {@code length} is the word's true length.
     */
    void word(CharSequence word, int length);
}
