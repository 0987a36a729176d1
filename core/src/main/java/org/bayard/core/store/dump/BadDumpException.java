package org.bayard.core.store.dump;

import java.io.IOException;

/** The input is not a dump this version can read, or it is damaged; the message says where. */
public final class BadDumpException extends IOException {
    public BadDumpException(String message) {
        super(message);
    }

    public BadDumpException(String message, Throwable cause) {
        super(message, cause);
    }
}
