package org.bayard.core.store.dump;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import org.bayard.core.store.Digest;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;

/**
 * The values of a dump's fields, parsed strictly: decimal numbers with no sign and within range,
 * lower-case hex tokens and digests, a class, a learn source, a time, and encoded text. A value
 * that is wrong is a {@link BadDumpException} naming the line it is on. It exists so that {@link
 * DumpReader} reads as the records of a dump in order, and each kind of value is checked one way.
 */
final class DumpValues {
    private final DumpLines lines;

    /** {@code lines} are the lines the values come from, for the line number in each error. */
    DumpValues(DumpLines lines) {
        this.lines = lines;
    }

    /** Plain decimal digits only: no sign, no spaces, no leading '+' that Long.parseLong would take. */
    long number(String s, long max, String what) throws BadDumpException {
        if (s.isEmpty() || s.length() > 19) throw lines.bad("bad " + what + " '" + s + "'");
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw lines.bad("bad " + what + " '" + s + "'");
            v = v * 10 + (c - '0');
            if (v < 0) throw lines.bad(what + " out of range: " + s);
        }
        if (v > max) throw lines.bad(what + " out of range: " + s);
        return v;
    }

    long hex16(String s) throws BadDumpException {
        if (s.length() != 16 || !isLowerHex(s)) throw lines.bad("bad token '" + s + "' (want 16 lower-case hex digits)");
        return Long.parseUnsignedLong(s, 16);
    }

    Digest digest(String s) throws BadDumpException {
        if (s.length() != 32 || !isLowerHex(s)) throw lines.bad("bad digest '" + s + "' (want 32 lower-case hex digits)");
        return Digest.fromBytes(HexFormat.of().parseHex(s));
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) return false;
        }
        return true;
    }

    MailClass mailClass(String s) throws BadDumpException {
        for (MailClass c : MailClass.values()) if (c.label().equals(s)) return c;
        throw lines.bad("bad class '" + s + "' (want ham or spam)");
    }

    LearnSource source(String s) throws BadDumpException {
        return LearnSource.ofLabel(s).orElseThrow(() -> lines.bad("unknown learn source '" + s + "'"));
    }

    Instant instant(String s) throws BadDumpException {
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw lines.bad("bad time '" + s + "'");
        }
    }

    String text(String s) throws BadDumpException {
        return text(s, "Message-ID");
    }

    String text(String s, String what) throws BadDumpException {
        String t = DumpFormat.decodeText(s);
        if (t == null) throw lines.bad("bad " + what + " field '" + s + "'");
        return t;
    }

    String blockedClient(String s) throws BadDumpException {
        String t = text(s, "client");
        if (t.isEmpty()) throw lines.bad("a blocklist entry without a client address");
        return t;
    }
}
