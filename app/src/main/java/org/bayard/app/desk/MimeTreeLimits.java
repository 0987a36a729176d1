package org.bayard.app.desk;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * Whether mime4j may build a message's whole tree for the message page. mime4j reads a nested
 * part through one stream per enclosing level, so a message nested 100,000 deep overflowed the
 * stack; and it makes objects for every part and header field, so a million tiny parts in 9 MB
 * filled the heap. This walks the structure with mime4j's pull parser, building nothing, and
 * stops as soon as a limit is passed. The limits are well above what ordinary mail needs, so it
 * is never affected; the page walks a tree built within them to its full depth.
 */
final class MimeTreeLimits {
    static final int MAX_DEPTH = 40;
    static final int MAX_PARTS = 1000;
    static final int MAX_FIELDS = 10_000;

    private MimeTreeLimits() {}

    /** True when the message, read as {@code config} reads it, stays within every limit. */
    static boolean within(byte[] message, MimeConfig config) {
        MimeTokenStream stream = new MimeTokenStream(config);
        stream.parse(new ByteArrayInputStream(message));
        int depth = 0;
        int parts = 0;
        int fields = 0;
        try {
            for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
                switch (s) {
                    case T_START_MULTIPART, T_START_MESSAGE -> depth++;
                    case T_END_MULTIPART, T_END_MESSAGE -> depth--;
                    case T_START_BODYPART -> parts++;
                    case T_FIELD -> fields++;
                    default -> { }
                }
                if (depth > MAX_DEPTH || parts > MAX_PARTS || fields > MAX_FIELDS) return false;
            }
        } catch (IOException | MimeException | RuntimeException e) {
            return true; // the builder meets the same trouble and handles it as it always has
        }
        return true;
    }
}
