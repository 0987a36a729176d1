package org.bayard.app.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * The start of a message read from a stream: all of it when it is at most {@code limit} bytes,
 * else the first {@code limit + 1} bytes with the rest left unread. The byte past the limit tells
 * that the message is larger without reading, or holding, the rest of it.
 *
 * @param bytes what was read
 * @param whole whether that is the whole message
 */
record MessageHead(byte[] bytes, boolean whole) {

    static MessageHead read(InputStream in, long limit) throws IOException {
        int max = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(0, limit)); // the largest array the JVM allows, less a margin
        byte[] bytes = in.readNBytes(max + 1);
        return new MessageHead(bytes, bytes.length <= max);
    }
}
