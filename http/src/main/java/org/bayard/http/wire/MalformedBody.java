package org.bayard.http.wire;

import java.io.IOException;

/** A request body that breaks its own framing (a bad chunk size, a chunk without its CR LF, cut short): the client's fault, a 400. */
public final class MalformedBody extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedBody(String message) {
        super(message);
    }
}
