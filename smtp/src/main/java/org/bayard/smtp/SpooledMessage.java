package org.bayard.smtp;

import java.io.IOException;
import java.io.InputStream;

/** A received message, in memory or spilled to a file: read it as often as needed. */
public interface SpooledMessage {
    long size();

    /** A fresh stream over the whole message. */
    InputStream open() throws IOException;

    /** The first {@code max} bytes (fewer if the message is shorter). */
    byte[] head(int max) throws IOException;
}
