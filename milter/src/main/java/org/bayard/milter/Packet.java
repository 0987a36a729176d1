package org.bayard.milter;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A milter packet: a 32-bit length in network order counting the command octet and the data, the
 * command, then the data. A length of 0 (no command) or past {@link #MAX_LENGTH} ends the
 * connection before anything is allocated for it: the MTA's body chunks are at most 65,535 octets,
 * and a length of 2^31 from a broken or hostile peer must not become an allocation.
 */
record Packet(char command, byte[] data) {
    /** A body chunk's most (65,535, Sendmail's and Postfix's MILTER_CHUNK_SIZE), with room for the command. */
    static final int MAX_LENGTH = 65_535 + 1;

    /** A packet the connection cannot go on after: a bad length, or the peer gone inside one. */
    static final class Broken extends IOException {
        Broken(String message) {
            super(message);
        }
    }

    /** The next packet, or null when the peer closed between packets. */
    static Packet read(InputStream in) throws IOException {
        int b0 = in.read();
        if (b0 < 0) return null;
        DataInputStream data = new DataInputStream(in);
        int length;
        try {
            length = (b0 << 24) | (data.readUnsignedByte() << 16) | (data.readUnsignedByte() << 8) | data.readUnsignedByte();
        } catch (EOFException e) {
            throw new Broken("the peer left inside a packet's length");
        }
        if (length <= 0 || length > MAX_LENGTH) {
            throw new Broken("a packet length of " + Integer.toUnsignedString(length) + " (1 to " + MAX_LENGTH + " taken)");
        }
        byte[] body = new byte[length];
        try {
            data.readFully(body);
        } catch (EOFException e) {
            throw new Broken("the peer left inside a packet");
        }
        return new Packet((char) (body[0] & 0xFF), java.util.Arrays.copyOfRange(body, 1, length));
    }

    /** Writes a packet of {@code command} with {@code parts} one after the other as its data. */
    static void write(OutputStream out, char command, byte[]... parts) throws IOException {
        int length = 1;
        for (byte[] p : parts) length += p.length;
        ByteArrayOutputStream b = new ByteArrayOutputStream(4 + length);
        b.write(length >>> 24);
        b.write(length >>> 16);
        b.write(length >>> 8);
        b.write(length);
        b.write(command);
        for (byte[] p : parts) b.writeBytes(p);
        out.write(b.toByteArray());
        out.flush();
    }

    /** A NUL-terminated string as the protocol writes them (its octets as ISO-8859-1, so that none is lost). */
    static byte[] string(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
        return out;
    }

    static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** The 32-bit number in network order at {@code offset} of the data; 0 past its end. */
    int intAt(int offset) {
        if (data.length < offset + 4) return 0;
        return ((data[offset] & 0xFF) << 24) | ((data[offset + 1] & 0xFF) << 16) | ((data[offset + 2] & 0xFF) << 8) | (data[offset + 3] & 0xFF);
    }

    /** The NUL-terminated strings of the data from {@code offset} (a last one without its NUL counts too). */
    List<String> strings(int offset) {
        List<String> out = new ArrayList<>();
        int start = offset;
        for (int i = offset; i < data.length; i++) {
            if (data[i] == 0) {
                out.add(new String(data, start, i - start, StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        if (start < data.length) out.add(new String(data, start, data.length - start, StandardCharsets.ISO_8859_1));
        return out;
    }
}
