package org.bayard.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A value under the store's keys that this store did not write (another program's, or damaged):
 * a failure of the storage, as the store contract counts it, said with what was found.
 */
final class GarbledValueException extends UncheckedIOException {
    GarbledValueException(String detail) {
        super(new IOException("the Redis store holds a value Bayard did not write: " + detail));
    }

    @Override
    public String getMessage() {
        return getCause().getMessage();
    }
}
