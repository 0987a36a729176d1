package org.bayard.store.lmdb;

/**
 * A record LMDB gave back whole is not what the store writes there (a key of the wrong size): the
 * page holding it was damaged in a way LMDB cannot see. Reported as damage (see
 * {@link Failures#damageReport}), not as a bug of ours.
 */
final class DamagedRecordException extends IllegalStateException {
    DamagedRecordException(String message) {
        super(message);
    }
}
