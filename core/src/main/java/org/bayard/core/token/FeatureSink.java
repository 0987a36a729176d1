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

    /**
     * One feature whose text is {@code count} chars of {@code chars} from {@code offset}, a
     * reused buffer; the same feature as {@code accept(prefix, new String(chars, offset, count))}.
     * The tokenizer's words arrive this way, so a sink that only hashes can skip that copy.
     */
    default void accept(String prefix, char[] chars, int offset, int count) {
        accept(prefix, new String(chars, offset, count));
    }

    /**
     * One pair feature, {@code prefix + first + " " + second} (see {@link WordPairs}); a sink
     * that hashes combines the two words' hashes ({@link FeatureHash#pair}) rather than hashing
     * the joined name. {@code first} and {@code second} may be reused buffers.
     */
    default void acceptPair(String prefix, CharSequence first, CharSequence second) {
        accept(prefix, first + " " + second);
    }
}
