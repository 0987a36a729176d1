package org.bayard.core.train;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.bayard.core.mail.HeaderEditor;
import org.bayard.core.policy.SpamHeaders;

/**
 * What a spam or ham trap learns from a message sent to it. People report mail to a trap in two
 * ways, and the trap must learn the reported message, not the report:
 * <ul>
 *   <li>forwarded as attachments: every {@code message/rfc822} part is one reported message
 *       (parts of a {@code multipart/digest} are {@code message/rfc822} unless typed otherwise,
 *       RFC 2046 5.1.5, so a digest of reports works too). The part's body is taken as sent,
 *       after undoing its transfer encoding (clients base64 them); attached messages inside an
 *       attached message belong to it and are not taken apart;</li>
 *   <li>bounced or resent (mutt's bounce, {@code Resent-*} headers): nothing is attached, and
 *       the message itself is the reported one.</li>
 * </ul>
 * Our own headers ({@link SpamHeaders#OWN}) are removed from each message first: they record
 * what we thought of it on delivery and must not become evidence for what it is.
 *
 * <p>Never throws on a message's content: a part that is empty, too large or not a message is
 * returned as a refused {@link TrapItem} with the reason, and the other parts are unaffected.
 *
 * <p>A trap message is read up to {@link #MAX_PARTS} parts and {@link #MAX_DEPTH} levels of
 * nesting; past either, the rest is one refused item that names the last attachment read. These
 * are the trap's own bounds, not the filter's {@code limits.max-parts}: that one says how many
 * parts the filter describes, and a report of 300 forwarded spams is an ordinary report. The
 * parser costs about a microsecond and a kilobyte of garbage per part, and recurses once per level
 * of nesting, so past some hundreds of levels it overflows a small stack.
 */
public final class TrapExtractor {
    /** Parts read in one trap message, attached messages and any others; far more than people forward at once. */
    public static final int MAX_PARTS = 10_000;
    /** Levels of multipart nesting read in one trap message; the parser overflows a 256 KB stack at about 500. */
    public static final int MAX_DEPTH = 50;

    /**
     * mime4j's defaults throw on header lines over 1000 bytes, which spam has all the time. We
     * lift its limits and enforce our own ({@link #MAX_PARTS}, {@link #MAX_DEPTH}, the size of one message).
     */
    private static final MimeConfig CONFIG = MimeConfig.custom()
            .setMaxLineLen(-1)
            .setMaxHeaderLen(-1)
            .setMaxHeaderCount(-1)
            .setMaxContentLen(-1)
            .setStrictParsing(false)
            .build();

    private final int maxMessageBytes;

    /** @param maxMessageBytes attached messages larger than this (decoded) are refused */
    public TrapExtractor(int maxMessageBytes) {
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be >= 1: " + maxMessageBytes);
        this.maxMessageBytes = maxMessageBytes;
    }

    public List<TrapItem> extract(byte[] trapMessage) {
        List<TrapItem> items = new ArrayList<>();
        try {
            walk(trapMessage, items);
        } catch (IOException | MimeException | RuntimeException e) {
            // mime4j's lenient mode should not throw on a byte array; if it does, what was found stands
            items.add(TrapItem.refused("the rest of the message", "could not be read (" + e.getClass().getSimpleName() + ")"));
            return items;
        }
        if (items.isEmpty()) items.add(checked("whole message", trapMessage));
        return items;
    }

    private void walk(byte[] trapMessage, List<TrapItem> items) throws IOException, MimeException {
        MimeTokenStream stream = new MimeTokenStream(CONFIG);
        // No recursion into message/rfc822: its body arrives as one part, still encoded as sent.
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        stream.parse(new ByteArrayInputStream(trapMessage));
        int parts = 0;
        int depth = 0;
        int attachments = 0;
        for (EntityState s = stream.getState(); s != EntityState.T_END_OF_STREAM; s = stream.next()) {
            String beyond = null;
            if (s == EntityState.T_START_BODYPART && ++parts > MAX_PARTS) {
                beyond = "more than " + MAX_PARTS + " parts in one trap message";
            } else if (s == EntityState.T_START_MULTIPART && ++depth > MAX_DEPTH) {
                // stopped before the parser reads into this level, which is where it recurses
                beyond = "parts nested more than " + MAX_DEPTH + " deep";
            } else if (s == EntityState.T_END_MULTIPART) {
                depth--;
            }
            if (beyond != null) {
                // what was read stands; the receipt says where reading stopped, so the reporter can send the rest
                String where = attachments == 0 ? "from the start" : "after attachment " + attachments;
                items.add(TrapItem.refused(where, "not read: " + beyond + "; send the rest in another report"));
                return;
            }
            if (s != EntityState.T_BODY) continue;
            BodyDescriptor body = stream.getBodyDescriptor();
            if (!body.getMimeType().equalsIgnoreCase("message/rfc822")) continue;
            attachments++;
            String encoding = body.getTransferEncoding();
            String where = "attachment " + attachments + " (message/rfc822"
                    + (encoding == null || encoding.isEmpty() || encoding.equalsIgnoreCase("7bit") ? "" : ", " + encoding) + ")";
            items.add(read(where, stream.getDecodedInputStream()));
        }
    }

    private TrapItem read(String where, InputStream decoded) throws IOException {
        byte[] bytes = decoded.readNBytes(maxMessageBytes + 1);
        if (bytes.length > maxMessageBytes) return TrapItem.refused(where, "larger than " + maxMessageBytes + " bytes");
        return checked(where, bytes);
    }

    private static TrapItem checked(String where, byte[] message) {
        Optional<String> problem = MessageShape.problem(message);
        if (problem.isPresent()) return TrapItem.refused(where, problem.get());
        return TrapItem.of(where, HeaderEditor.rewrite(message, SpamHeaders.OWN, List.of()));
    }
}
