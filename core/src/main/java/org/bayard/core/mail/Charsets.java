package org.bayard.core.mail;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bytes to text when the label may be missing, unknown or wrong, as it often is in spam.
 *
 * <p>The order: a declared charset that Java knows and that decodes cleanly wins; then UTF-8
 * if the bytes are valid UTF-8 (a wrong label is usually a UTF-8 body sent as Latin-1 or
 * ASCII); then windows-1252, which maps every byte, so decoding always ends with some text.
 */
final class Charsets {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Labels seen in mail that Java spells differently, or that name a superset we should use. */
    private static final Map<String, String> ALIASES = Map.of(
            "iso-8859-1", "windows-1252", // browsers and MUAs decode Latin-1 labels this way
            "latin1", "windows-1252",
            "ascii", "windows-1252",
            "ks_c_5601-1987", "x-windows-949",
            "gb2312", "GBK",
            "iso-8859-8-i", "ISO-8859-8",
            "windows-874", "x-windows-874");

    /**
     * Labels already looked up, with their charset or none. Mail uses few distinct labels, and a
     * lookup costs a lower-cased copy and two charset-table searches; the bound keeps a stream of
     * made-up labels from growing the map.
     */
    private static final Map<String, Optional<Charset>> LOOKED_UP = new ConcurrentHashMap<>();
    private static final int MAX_LOOKED_UP = 256;

    /** What a decoder puts in place of bytes it cannot decode, unless told to report them. */
    private static final char REPLACEMENT = '\uFFFD';
    private static final int VALIDATION_CHARS = 1024;

    private Charsets() {}

    /** Decodes text whose label is missing or untrusted: ASCII, else UTF-8 if valid, else windows-1252. */
    static String decodeUnlabelled(byte[] bytes, int from, int len) {
        // ASCII is valid UTF-8 and decodes to the same chars as it would alone
        return Utf8.isValid(bytes, from, from + len) ? new String(bytes, from, len, StandardCharsets.UTF_8)
                : windows1252(bytes, from, len);
    }

    /**
     * Decodes windows-1252, which is Latin-1 but for the C1 bytes 0x80 to 0x9F (curly quotes, the
     * euro sign, the dashes). Without them the String constructor decodes Latin-1 by a bulk copy;
     * the charset's own decoder maps each byte through a table into chars and then compresses
     * them back to Latin-1, several times the work.
     */
    static String windows1252(byte[] bytes, int from, int len) {
        return new String(bytes, from, len, ByteSearch.hasC1(bytes, from, from + len) ? WINDOWS_1252 : StandardCharsets.ISO_8859_1);
    }

    /**
     * Decodes {@code len} bytes from {@code from}, a part's body, by its declared charset (possibly
     * empty), falling back as described above.
     */
    static String decode(byte[] bytes, int from, int len, String declared, Anomalies anomalies) {
        if (ByteSearch.isAscii(bytes, from, from + len)) {
            // every charset we meet in mail is an ASCII superset except UTF-16/32 and UTF-7
            Charset cs = lookup(declared);
            if (cs == null || !cs.name().startsWith("UTF-16") && !cs.name().startsWith("UTF-32")) {
                if (!declared.isEmpty() && cs == null) {
                    anomalies.record("unknown-charset");
                }
                return new String(bytes, from, len, StandardCharsets.ISO_8859_1);
            }
        }
        if (declared.isEmpty() || declared.equals("us-ascii")) {
            anomalies.record("8bit-unlabelled");
            return decodeUnlabelled(bytes, from, len);
        }
        Charset cs = lookup(declared);
        if (cs == null) {
            anomalies.record("unknown-charset");
            return decodeUnlabelled(bytes, from, len);
        }
        String text = strict(cs, bytes, from, len);
        if (text != null) {
            return text;
        }
        anomalies.record("bad-charset-data");
        if (cs.equals(StandardCharsets.UTF_8)) {
            return windows1252(bytes, from, len);
        }
        String utf8 = strict(StandardCharsets.UTF_8, bytes, from, len);
        // a multi-byte label with a few bad bytes is still mostly right: keep it, with U+FFFD
        return utf8 != null ? utf8 : new String(bytes, from, len, cs);
    }

    /** The charset for a label, or null when it is empty, illegal or unsupported. */
    static Charset lookup(String label) {
        if (label == null || label.isEmpty()) {
            return null;
        }
        Optional<Charset> known = LOOKED_UP.get(label);
        if (known == null) {
            known = Optional.ofNullable(find(label));
            if (LOOKED_UP.size() < MAX_LOOKED_UP) {
                LOOKED_UP.put(label, known);
            }
        }
        return known.orElse(null);
    }

    private static Charset find(String label) {
        String name = label.strip().toLowerCase(Locale.ROOT);
        name = ALIASES.getOrDefault(name, name);
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalArgumentException e) { // IllegalCharsetNameException and friends
            return null;
        }
    }

    /** The text when the bytes are valid in {@code cs}, else null. */
    private static String strict(Charset cs, byte[] bytes, int from, int len) {
        if (cs.equals(StandardCharsets.UTF_8)) {
            // checked before decoding: see Utf8 for what decoding Latin-1 as UTF-8 first cost
            return Utf8.isValid(bytes, from, from + len) ? new String(bytes, from, len, cs) : null;
        }
        // The String constructor is several times faster than a CharsetDecoder of our own. It puts
        // U+FFFD in place of each malformed or unmappable input, so without one the bytes were valid,
        // and on valid bytes both decode alike. A U+FFFD may also have been in the text itself: only
        // then do we ask a reporting decoder.
        String text = cs.equals(WINDOWS_1252) ? windows1252(bytes, from, len) : new String(bytes, from, len, cs);
        return text.indexOf(REPLACEMENT) < 0 || isValid(cs, bytes, from, len) ? text : null;
    }

    /**
     * Whether a reporting decoder accepts the bytes. Its output goes to a small buffer, emptied when
     * full: only the verdict is wanted, and decode(ByteBuffer) would allocate room for all of it.
     */
    private static boolean isValid(Charset cs, byte[] bytes, int from, int len) {
        CharsetDecoder decoder = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, len);
        CharBuffer out = CharBuffer.allocate(VALIDATION_CHARS);
        CoderResult result;
        do {
            out.clear();
            result = decoder.decode(in, out, true);
        } while (result.isOverflow());
        if (result.isError()) {
            return false;
        }
        do {
            out.clear();
            result = decoder.flush(out);
        } while (result.isOverflow());
        return !result.isError();
    }
}
