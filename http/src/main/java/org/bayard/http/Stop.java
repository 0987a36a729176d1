package org.bayard.http;

/**
 * A request that ends with a status and a short message (never a stack trace). Thrown by every
 * route class and answered in one place, the dispatcher, so that a refusal is never half-written.
 */
final class Stop extends RuntimeException {
    final int status;

    Stop(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
