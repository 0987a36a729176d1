package org.bayard.app.gate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Who released a held message, through what, and when: the value of the
 * {@code X-Bayard-Released} field it is delivered with, so that its recipient (and a postmaster
 * reading its header) can tell it was let through by a person, not passed by the filter.
 *
 * @param moderator the account on the moderation page, or the system user who ran the command
 * @param via how: "the moderation page", "the HTTP API", "bayard quarantine release"
 */
public record ReleasedBy(String moderator, String via, Instant at) {
    private static final int LONGEST_NAME = 100;
    /** RFC 5322's date-time, as in a Date field. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** {@code by NAME via HOW; DATE}, in printable ASCII whatever the names hold. */
    String fieldValue() {
        return "by " + printable(moderator) + " via " + printable(via) + "; " + DATE.format(at);
    }

    /** A name in a header field: a line break or a control char would end the field or forge another. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < LONGEST_NAME; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f && c != ';' ? c : '?');
        }
        return b.isEmpty() ? "?" : b.toString();
    }
}
