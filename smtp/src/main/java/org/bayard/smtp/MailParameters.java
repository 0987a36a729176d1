package org.bayard.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The parameters of one MAIL command, checked: the size declared (RFC 1870 SIZE=), BODY=8BITMIME,
 * SMTPUTF8, the DSN ones (RFC 3461 RET=, ENVID=), and AUTH= (RFC 4954), taken and dropped. It
 * exists so that the session's MAIL reads as the steps of the command, not as parameter syntax,
 * and so that what a next hop is sent of them is decided in the same place as what was taken.
 *
 * @param declaredSize the SIZE= declared, -1 for none
 * @param dsn the DSN parameters as they came, to be passed on to a next hop that takes DSN
 */
record MailParameters(long declaredSize, boolean eightBit, boolean smtputf8, List<String> dsn) {

    MailParameters {
        dsn = List.copyOf(dsn);
    }

    /**
     * Parses MAIL's parameters in order; the first that MAIL does not take is refused.
     *
     * @param ownLimit the largest message we take ourselves, checked against SIZE= here (the next
     *     hop's is checked once it is connected); {@link Long#MAX_VALUE} after the queue, where the
     *     next hop's limit alone counts
     */
    static MailParameters parse(List<String> params, long ownLimit) throws RefusedLine {
        boolean eight = false;
        boolean utf8 = false;
        long declaredSize = -1;
        List<String> dsn = new ArrayList<>();
        for (String p : params) {
            String u = p.toUpperCase(Locale.ROOT);
            if (u.startsWith("SIZE=")) {
                // RFC 1870: 1 to 20 digits; 19 or more are an exabyte or more, past any limit
                // (and past a long's range, which must read as too large, not as bad syntax)
                String digits = u.substring(5);
                if (!digits.matches("[0-9]{1,20}")) throw RefusedLine.error(501, "5.5.4 bad SIZE value");
                if (digits.length() > 18 || Long.parseLong(digits) > ownLimit) {
                    throw RefusedLine.reply(552, "5.3.4 message size exceeds fixed limit");
                }
                declaredSize = Long.parseLong(digits);
            } else if (u.equals("BODY=8BITMIME")) {
                eight = true;
            } else if (u.equals("SMTPUTF8")) {
                utf8 = true;
            } else if (u.startsWith("RET=") || u.startsWith("ENVID=")) {
                // DSN (RFC 3461): Postfix in front offers it and passes the client's MAIL line on as
                // it came; passed on to a next hop that takes DSN, else dropped, never a refusal
                dsn.add(p);
            } else if (u.startsWith("AUTH=")) {
                // who submitted it (RFC 4954), as Postfix in front passes it on: not ours to vouch for
            } else if (!u.equals("BODY=7BIT")) {
                throw RefusedLine.error(555, "5.5.4 unsupported MAIL parameter");
            }
        }
        return new MailParameters(declaredSize, eight, utf8, dsn);
    }

    /** Whether the client declared the message's size. */
    boolean sizeDeclared() {
        return declaredSize >= 0;
    }

    /** The parameters for the next hop's MAIL, given the EHLO keywords it {@code supports}. */
    String forNextHop(Predicate<String> supports) {
        List<String> out = new ArrayList<>();
        // the size the client declared, as Postfix's proxy passes it on: the next hop then judges its
        // own free space at MAIL rather than after the whole message
        if (sizeDeclared() && supports.test("SIZE")) out.add("SIZE=" + declaredSize);
        if (eightBit) out.add("BODY=8BITMIME");
        if (smtputf8) out.add("SMTPUTF8");
        if (supports.test("DSN")) out.addAll(dsn);
        return String.join(" ", out);
    }
}
