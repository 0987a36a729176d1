package org.bayard.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The argument of a MAIL or RCPT line, checked and taken apart: the address, decoded from UTF-8,
 * and the parameters. A line that is wrong is {@link RefusedLine} with the reply the client hears,
 * and whether that counts as the client's error. It exists so that the session's MAIL and RCPT
 * read as syntax, admission, state, with each line's syntax checked in a fixed order in one place.
 */
final class EnvelopeSyntax {
    private static final String NOT_UTF8 = "5.6.7 address or parameter is not UTF-8";

    /** A MAIL line's sender (empty for the null sender) and its parameters. */
    record Sender(String address, MailParameters params) {}

    /** An RCPT line's recipient and its DSN parameters as they came. */
    record Recipient(String address, List<String> dsn) {}

    private EnvelopeSyntax() {}

    /** MAIL's argument ({@code FROM:<address> params}), its declared size held to {@code sizeLimit}. */
    static Sender sender(String arg, long sizeLimit) throws RefusedLine {
        if (!arg.regionMatches(true, 0, "FROM:", 0, 5)) throw RefusedLine.error(501, "5.5.4 syntax: MAIL FROM:<address>");
        Optional<String> text = Smtputf8.decode(arg);
        if (text.isEmpty()) throw RefusedLine.reply(553, NOT_UTF8);
        MailPath path = MailPath.parse(text.get().substring(5));
        if (path == null) throw RefusedLine.error(501, "5.1.7 bad sender address syntax");
        MailParameters params = MailParameters.parse(path.params(), sizeLimit);
        if (!params.smtputf8() && Smtputf8.needed(path.address())) throw RefusedLine.reply(553, "5.6.7 non-ASCII address needs SMTPUTF8");
        return new Sender(path.address(), params);
    }

    /** RCPT's argument ({@code TO:<address> params}), in a transaction that asked for SMTPUTF8 or not. */
    static Recipient recipient(String arg, boolean smtputf8) throws RefusedLine {
        if (!arg.regionMatches(true, 0, "TO:", 0, 3)) throw RefusedLine.error(501, "5.5.4 syntax: RCPT TO:<address>");
        Optional<String> text = Smtputf8.decode(arg);
        if (text.isEmpty()) throw RefusedLine.reply(553, NOT_UTF8);
        MailPath path = MailPath.parse(text.get().substring(3), true);
        if (path == null || path.address().isEmpty()) throw RefusedLine.error(501, "5.1.3 bad recipient address syntax");
        List<String> dsn = new ArrayList<>();
        for (String p : path.params()) {
            String u = p.toUpperCase(Locale.ROOT);
            // DSN (RFC 3461): Postfix's smtp client adds ORCPT to every recipient when the server
            // offers DSN, and Postfix in front passes the RCPT line on as it came
            if (!u.startsWith("NOTIFY=") && !u.startsWith("ORCPT=")) throw RefusedLine.error(555, "5.5.4 unsupported RCPT parameter");
            dsn.add(p);
        }
        if (!smtputf8 && Smtputf8.needed(path.address())) throw RefusedLine.reply(553, "5.6.7 non-ASCII address needs SMTPUTF8");
        return new Recipient(path.address(), dsn);
    }
}
