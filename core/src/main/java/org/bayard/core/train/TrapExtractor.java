package org.bayard.core.train;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.bayard.core.mail.HeaderEditor;
import org.bayard.core.mail.MailLimits;
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
     * lift its limits and enforce our own ({@link #MAX_PARTS}, {@link #MAX_DEPTH}, the size of one
     * message), but for one: a header field of the trap message is held while it is read, so one
     * of a gigabyte ran the heap out. It is bounded by what learning reads of a message.
     */
    private static MimeConfig config(int maxFieldBytes) {
        return MimeConfig.custom()
                .setMaxLineLen(-1)
                .setMaxHeaderLen(maxFieldBytes)
                .setMaxHeaderCount(-1)
                .setMaxContentLen(-1)
                .setStrictParsing(false)
                .build();
    }

    private final int maxMessageBytes;
    /** Bytes of a message learning reads: limits.max-scan-bytes, as the preparer's tokenizer takes them. */
    private final int scanBytes;

    /** Where a trap message is read from, as often as needed: once for its parts, again when it is learned whole. */
    @FunctionalInterface
    public interface Source {
        InputStream open() throws IOException;
    }

    /** @param maxMessageBytes attached messages larger than this (decoded) are refused */
    public TrapExtractor(int maxMessageBytes) {
        this(maxMessageBytes, MailLimits.DEFAULT.maxScanBytes());
    }

    /**
     * @param maxMessageBytes attached messages larger than this (decoded) are refused
     * @param maxScanBytes what learning reads of a message (limits.max-scan-bytes): only that much
     *     of each is held, the rest digested for its identity as it streams past
     */
    public TrapExtractor(int maxMessageBytes, long maxScanBytes) {
        if (maxMessageBytes < 1) throw new IllegalArgumentException("maxMessageBytes must be >= 1: " + maxMessageBytes);
        this.maxMessageBytes = maxMessageBytes;
        this.scanBytes = (int) Math.max(1, Math.min(Integer.MAX_VALUE - 16, maxScanBytes));
    }

    /** The messages of a trap message held in memory, in order. */
    public List<TrapItem> extract(byte[] trapMessage) {
        List<TrapItem> items = new ArrayList<>();
        try {
            extract(() -> new ByteArrayInputStream(trapMessage), items::add);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to read", e);
        }
        return items;
    }

    /**
     * Hands each message of the trap message to {@code each} as it is found, in order; only one of
     * them is held at a time, and of it only what learning reads. Throws only when the source
     * cannot be read.
     */
    public void extract(Source trapMessage, Consumer<TrapItem> each) throws IOException {
        int found;
        try (InputStream in = trapMessage.open()) {
            found = walk(in, each);
        } catch (SourceFailed e) {
            throw e.getCause();
        } catch (MimeException | RuntimeException e) {
            // mime4j's lenient mode should not throw on the message's content; if it does, what was found stands
            each.accept(TrapItem.refused("the rest of the message", "could not be read (" + e.getClass().getSimpleName() + ")"));
            return;
        }
        if (found >= 0) return;
        try (InputStream in = trapMessage.open()) {
            each.accept(read("whole message", in, Long.MAX_VALUE));
        }
    }

    /** The number of items handed on; -1 when none was found, so the message itself is the reported one. */
    private int walk(InputStream trapMessage, Consumer<TrapItem> each) throws IOException, MimeException {
        MimeTokenStream stream = new MimeTokenStream(config(scanBytes));
        // No recursion into message/rfc822: its body arrives as one part, still encoded as sent.
        stream.setRecursionMode(RecursionMode.M_NO_RECURSE);
        stream.parse(new FailureMarking(trapMessage));
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
                each.accept(TrapItem.refused(where, "not read: " + beyond + "; send the rest in another report"));
                return attachments + 1;
            }
            if (s != EntityState.T_BODY) continue;
            BodyDescriptor body = stream.getBodyDescriptor();
            if (!body.getMimeType().equalsIgnoreCase("message/rfc822")) continue;
            attachments++;
            String encoding = body.getTransferEncoding();
            String where = "attachment " + attachments + " (message/rfc822"
                    + (encoding == null || encoding.isEmpty() || encoding.equalsIgnoreCase("7bit") ? "" : ", " + encoding) + ")";
            each.accept(read(where, stream.getDecodedInputStream(), maxMessageBytes));
        }
        return attachments == 0 ? -1 : attachments;
    }

    /**
     * One message from {@code decoded}, read to its end: whole when it is no longer than what
     * learning reads, else that much of it (our headers removed first, as from the whole) and
     * the identity of all of it.
     */
    private TrapItem read(String where, InputStream decoded, long maxBytes) throws IOException {
        CountedInput in = new CountedInput(decoded, maxBytes);
        try {
            byte[] head = in.readNBytes(scanBytes + 1);
            if (head.length <= scanBytes) return checked(where, head);
            return checkedLong(where, head, in);
        } catch (TooLarge e) {
            return TrapItem.refused(where, "larger than " + maxBytes + " bytes");
        }
    }

    private static TrapItem checked(String where, byte[] message) {
        Optional<String> problem = MessageShape.problem(message);
        if (problem.isPresent()) return TrapItem.refused(where, problem.get());
        byte[] rewritten = HeaderEditor.rewrite(message, SpamHeaders.OWN, List.of());
        return TrapItem.of(where, rewritten, ContentDigest.identify(rewritten));
    }

    /**
     * A message longer than what learning reads, of which {@code head} is the start: what the
     * whole one, our headers removed, would give learning. Its header block must end within the
     * head; one longer than limits.max-scan-bytes is refused.
     */
    private TrapItem checkedLong(String where, byte[] head, InputStream rest) throws IOException {
        boolean headerEnds = ContentDigest.bodyStart(head) >= 0;
        // without its end, the header's last line in the head is cut short: only whole lines are judged
        int judged = headerEnds ? head.length : lastLineEnd(head);
        Optional<String> problem = judged == 0 ? Optional.empty()
                : MessageShape.problem(judged == head.length ? head : Arrays.copyOf(head, judged));
        if (problem.isPresent()) return TrapItem.refused(where, problem.get());
        if (!headerEnds) return TrapItem.refused(where, "header block longer than " + scanBytes + " bytes (limits.max-scan-bytes)");
        // The header block ends within the head (the editor's end is never after the digest's),
        // so this is the start of the whole message rewritten; removing headers made it shorter,
        // and what learning reads is made up from the rest.
        byte[] rewritten = HeaderEditor.rewrite(head, SpamHeaders.OWN, List.of());
        byte[] scanned = Arrays.copyOf(rewritten, scanBytes + 1);
        int length = rewritten.length + rest.readNBytes(scanned, rewritten.length, scanned.length - rewritten.length);
        scanned = length == scanned.length ? scanned : Arrays.copyOf(scanned, length);
        Optional<MessageIdentity> identity = ContentDigest.identifyStreamed(scanned, rest);
        if (identity.isEmpty()) {
            return TrapItem.refused(where, "header block longer than " + scanBytes + " bytes (limits.max-scan-bytes)");
        }
        return TrapItem.of(where, scanned, identity.get());
    }

    private static int lastLineEnd(byte[] m) {
        int end = m.length;
        while (end > 0 && m[end - 1] != '\n') end--;
        return end;
    }

    /** Counts what a message's reader took and stops it past {@code max}. */
    private static final class CountedInput extends FilterInputStream {
        private final long max;
        private long count;

        CountedInput(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) counted(1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) counted(n);
            return n;
        }

        private void counted(int n) throws TooLarge {
            count += n;
            if (count > max) throw new TooLarge();
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("larger than the limit");
        }
    }

    /**
     * Marks a failure to read the trap message itself (a spool file, a pipe), so that it is told
     * apart from mime4j's complaints about content and not taken for one.
     */
    private static final class FailureMarking extends FilterInputStream {
        FailureMarking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new SourceFailed(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new SourceFailed(e);
            }
        }
    }

    private static final class SourceFailed extends IOException {
        SourceFailed(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
