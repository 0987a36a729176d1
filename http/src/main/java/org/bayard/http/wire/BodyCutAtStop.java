package org.bayard.http.wire;

import java.io.IOException;

/**
 * The server began to stop while the request body was still arriving, and the body did not
 * arrive whole within {@link Http1Server#atStop}: the request is answered 503 (nothing
 * of it was done, so the client may send it again) and the connection closed.
 */
public final class BodyCutAtStop extends IOException {
    public BodyCutAtStop(String message) {
        super(message);
    }
}
