package org.bayard.http.wire;

import java.io.IOException;

/** A line that did not end within the bytes allowed for it; the rest of it is left unread. */
final class LineTooLong extends IOException {
    LineTooLong() {
        super("line too long", null);
    }
}
