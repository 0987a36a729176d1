package org.bayard.spamd;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the message that follows a request's head: exactly {@code Content-length} octets (to the
 * end of the input without one), keeping at most {@code keep} octets of the message and reading
 * the rest off unkept, so that a large message costs the heap no more than {@code keep}. With
 * {@code Compress: zlib} the octets are inflated as they come and the same cap applies to what they
 * inflate to, so a small compressed request cannot fill the heap.
 */
final class MessageReader {
    /** The message's start, and whether it is the whole message. */
    record Message(byte[] bytes, boolean whole) {}

    private static final int CHUNK = 64 * 1024;

    private MessageReader() {}

    static Message read(InputStream in, OptionalLong length, boolean zlib, long keep) throws IOException, BadRequest {
        Kept kept = new Kept(keep);
        Inflater inflater = zlib ? new Inflater() : null;
        try {
            long read = 0;
            byte[] chunk = new byte[CHUNK];
            while (length.isEmpty() || read < length.getAsLong()) {
                int want = (int) Math.min(chunk.length, length.isEmpty() ? chunk.length : length.getAsLong() - read);
                int n = in.read(chunk, 0, want);
                if (n < 0) break;
                read += n;
                if (inflater == null) kept.add(chunk, 0, n);
                else inflate(inflater, chunk, n, kept);
            }
            if (length.isPresent() && read < length.getAsLong()) {
                throw BadRequest.protocol("(Content-Length mismatch: Expected " + length.getAsLong() + " bytes, got " + read + " bytes)");
            }
            if (inflater != null && !inflater.finished() && kept.whole()) {
                throw new BadRequest(Status.EX_UNAVAILABLE, "Service Unavailable: zlib: the compressed message ends before its stream does");
            }
            return new Message(kept.bytes(), kept.whole());
        } finally {
            if (inflater != null) inflater.end();
        }
    }

    private static void inflate(Inflater inflater, byte[] chunk, int n, Kept kept) throws BadRequest {
        if (!kept.whole() || inflater.finished()) return; // past the cap, or past the stream's end: the octets are read off only
        inflater.setInput(chunk, 0, n);
        byte[] out = new byte[CHUNK];
        try {
            while (!inflater.needsInput() && !inflater.finished() && kept.whole()) {
                int made = inflater.inflate(out);
                if (made == 0 && inflater.needsDictionary()) {
                    throw new BadRequest(Status.EX_UNAVAILABLE, "Service Unavailable: zlib: the stream needs a preset dictionary");
                }
                kept.add(out, 0, made);
            }
        } catch (DataFormatException e) {
            throw new BadRequest(Status.EX_UNAVAILABLE, "Service Unavailable: zlib: " + RequestReader.printable(String.valueOf(e.getMessage())));
        }
    }

    /** The octets kept, up to the cap; past it, only that there were more. */
    private static final class Kept {
        private final long cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean more;

        Kept(long cap) {
            this.cap = cap;
        }

        void add(byte[] b, int off, int n) {
            int room = (int) Math.min(n, cap - bytes.size());
            bytes.write(b, off, room);
            if (room < n) more = true;
        }

        boolean whole() {
            return !more;
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
