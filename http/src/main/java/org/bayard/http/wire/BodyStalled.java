package org.bayard.http.wire;

import java.io.IOException;

/**
 * The request body made no progress for the stall limit ({@link Limits#bodyStall}): the client
 * stopped sending. The request is answered 408 and the connection closed.
 */
public final class BodyStalled extends IOException {
    public BodyStalled(String message) {
        super(message);
    }
}
