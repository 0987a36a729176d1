package org.bayard.app.desk;

import java.util.List;
import java.util.Optional;
import org.bayard.app.gate.Blocklist;
import org.bayard.http.Backend;
import org.bayard.smtp.MailPath;
import org.bayard.smtp.Smtputf8;

/**
 * A check's envelope (Rspamd's {@code IP}, {@code From} and {@code Rcpt} headers) read by the
 * gate's rules: the client an IP literal in the form the blocklist keeps, the addresses by the
 * SMTP path syntax with or without angle brackets, as UTF-8 text. A value that is none of these
 * is a {@link Backend.BadEnvelope} naming its header: guessed, a typo would silently skip a list.
 *
 * @param sender empty string for the null sender ({@code <>}, or an empty {@code From})
 */
record EnvelopeHeaders(Optional<String> client, Optional<String> sender, List<String> recipients) {
    private static final int SHOWN = 100;

    static EnvelopeHeaders read(Backend.Envelope e) {
        Optional<String> client = e.client().map(EnvelopeHeaders::client);
        Optional<String> sender = e.sender().map(v -> v.isBlank() ? "" : address("From", v, false));
        List<String> recipients = e.recipients().stream().map(v -> address("Rcpt", v, true)).toList();
        return new EnvelopeHeaders(client, sender, recipients);
    }

    private static String client(String value) {
        try {
            return Blocklist.clientAddress(value);
        } catch (IllegalArgumentException ex) {
            throw new Backend.BadEnvelope("IP: " + ex.getMessage());
        }
    }

    private static String address(String header, String wire, boolean recipient) {
        String text = Smtputf8.decode(wire)
                .orElseThrow(() -> new Backend.BadEnvelope(header + ": an address must be UTF-8"));
        MailPath path = MailPath.parse(text, recipient);
        if (path == null || !path.params().isEmpty() || (recipient && path.address().isEmpty())) {
            String hint = recipient && text.contains(",") ? " (one address per Rcpt header; repeat the header for more)" : "";
            throw new Backend.BadEnvelope(header + ": not an address: '" + shown(text) + "'" + hint);
        }
        return path.address();
    }

    private static String shown(String s) {
        return s.length() <= SHOWN ? s : s.substring(0, SHOWN) + "...";
    }
}
