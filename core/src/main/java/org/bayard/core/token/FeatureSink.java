package org.bayard.core.token;

/** Receives features from the tokenizer. */
@FunctionalInterface
public interface FeatureSink {

    /**
     * One feature: {@code prefix} names its origin ({@code "subject:"}, {@code "from:"}, or
     * {@code ""} for body words), {@code word} is its text. {@code word} may be a reused buffer:
     * copy it if it must be kept.
     */
    void accept(String prefix, CharSequence word);
}
