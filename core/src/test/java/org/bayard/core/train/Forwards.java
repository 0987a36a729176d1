package org.bayard.core.train;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds the messages people send to traps: reports forwarded as attachments, digests. Shared with app tests. */
public final class Forwards {
    private Forwards() {}

    /** A small message with the given Message-ID local part, subject and body. */
    public static String message(String id, String subject, String body) {
        return "From: sender-" + id + "@spam.example\nTo: list@example.org\nSubject: " + subject
                + "\nMessage-ID: <" + id + "@spam.example>\n\n" + body + "\n";
    }

    /** A MIME part of a forward. */
    public record Part(String headers, String body) {}

    public static Part attached(String message) {
        return new Part("Content-Type: message/rfc822\nContent-Disposition: attachment\n", message);
    }

    public static Part attachedBase64(String message) {
        String b64 = Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(message.getBytes(StandardCharsets.UTF_8));
        return new Part("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n", b64 + "\n");
    }

    /** Some other part, say the reporter's note. */
    public static Part text(String text) {
        return new Part("Content-Type: text/plain; charset=us-ascii\n", text + "\n");
    }

    /** A report from a list member: a note and the given parts, in a multipart/mixed. */
    public static byte[] forward(String subject, Part... parts) {
        return multipart("mixed", subject, parts);
    }

    /** The same, as a multipart/digest whose parts carry no Content-Type of their own. */
    public static byte[] digest(String subject, String... messages) {
        Part[] parts = new Part[messages.length];
        for (int i = 0; i < messages.length; i++) parts[i] = new Part("", messages[i]);
        return multipart("digest", subject, parts);
    }

    private static byte[] multipart(String subtype, String subject, Part... parts) {
        String boundary = "=-=-report-boundary-=-=";
        StringBuilder b = new StringBuilder()
                .append("From: member@example.org\nTo: spamtrap@example.org\nSubject: ").append(subject)
                .append("\nMessage-ID: <report-").append(subject.hashCode()).append("@example.org>\nMIME-Version: 1.0\n")
                .append("Content-Type: multipart/").append(subtype).append("; boundary=\"").append(boundary).append("\"\n\n")
                .append("This is a MIME message.\n");
        for (Part p : parts) {
            b.append("\n--").append(boundary).append('\n').append(p.headers()).append('\n').append(p.body());
        }
        b.append("\n--").append(boundary).append("--\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
