package org.bayard.core.store.dump;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * A dump's text as lines of fields: each line counted from 1, bounded in length, refused when the
 * file ends inside it or it ends in CR LF, and added to the CRC32C the end line must match (all
 * but the end line itself). It exists so that {@link DumpReader} reads as the dump's records in
 * their order, and every error names its line from this one count.
 */
final class DumpLines {
    private static final byte[] MAGIC = (DumpFormat.MAGIC + " ").getBytes(StandardCharsets.US_ASCII);

    private final InputStream in;
    private final CRC32C crc = new CRC32C();
    private long lineNo;

    /** {@code in} is the uncompressed text; it must support mark and reset (for {@link #checkMagic}). */
    DumpLines(InputStream in) {
        this.in = in;
    }

    /** The number of the last line read, counted from 1; 0 before the first. */
    long lineNo() {
        return lineNo;
    }

    /** Looks at the first bytes only, so a binary file is refused without reading a "line" of it. */
    void checkMagic() throws IOException {
        in.mark(MAGIC.length);
        byte[] start = in.readNBytes(MAGIC.length);
        in.reset();
        if (start.length == 0) throw new BadDumpException("the file is empty (a backup that was never written, or a copy cut to nothing)");
        if (!Arrays.equals(start, MAGIC)) {
            throw new BadDumpException("not a Bayard dump (it does not begin with '" + DumpFormat.MAGIC + "')");
        }
    }

    /** The next line's fields, {@code expected} of them (negative: any number). */
    String[] next(int expected) throws IOException {
        String[] f = line().split(" ", -1);
        if (expected >= 0) expectFields(f, expected);
        return f;
    }

    /** Whether anything follows the line read last. */
    boolean moreData() throws IOException {
        return in.read() >= 0;
    }

    /** The checksum of the lines read so far, as the end line writes it. */
    String checksum() {
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    /**
     * The next line without its LF, counted and (unless it is the end line) added to the
     * checksum. At the end of the input: an error, since a complete dump ends with its end line.
     */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.write(c);
            if (b.size() > DumpFormat.MAX_LINE_BYTES) {
                lineNo++;
                throw bad("line is longer than " + DumpFormat.MAX_LINE_BYTES + " bytes");
            }
        }
        lineNo++;
        if (c < 0) {
            if (b.size() == 0) throw bad("the file ends before its end line (truncated?)");
            throw bad("the file ends in the middle of a line (truncated?)");
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        if (s.endsWith("\r")) { // no field holds a CR (a Message-ID's is %0D): a text-mode copy added it
            throw new BadDumpException("line " + lineNo + " ends in CR LF: the dump was copied as text (FTP's ASCII mode,"
                    + " a Windows editor), which changed its line ends; copy it as a binary file");
        }
        if (!s.startsWith(DumpFormat.END + " ")) {
            crc.update(b.toByteArray());
            crc.update('\n');
        }
        return s;
    }

    void expectFields(String[] f, int expected) throws BadDumpException {
        if (f.length != expected) throw bad("expected " + expected + " fields in a '" + f[0] + "' line, found " + f.length);
    }

    /** The value of a {@code key=value} field, which must begin with {@code key}. */
    String field(String f, String key) throws BadDumpException {
        if (!f.startsWith(key)) throw bad("expected " + key + "..., found '" + f + "'");
        return f.substring(key.length());
    }

    /** An error about the line read last. */
    BadDumpException bad(String what) {
        return new BadDumpException("line " + lineNo + ": " + what);
    }
}
