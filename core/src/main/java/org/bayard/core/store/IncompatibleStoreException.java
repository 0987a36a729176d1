package org.bayard.core.store;

/** The store was written by another tokenizer version or another format: refuse, never mix. */
public class IncompatibleStoreException extends RuntimeException {
    public IncompatibleStoreException(String message) {
        super(message);
    }
}
