package org.bayard.store.redis;

/** A value under the store's keys that this store did not write: another program's, or damaged. */
final class GarbledValueException extends IllegalStateException {
    GarbledValueException(String message) {
        super(message);
    }
}
