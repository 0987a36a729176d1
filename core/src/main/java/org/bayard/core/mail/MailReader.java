package org.bayard.core.mail;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Streams through one message with mime4j's pull parser and tells a {@link MailVisitor} what is
 * in it: header fields, parts, decoded text, links and anomalies.
 *
 * <p>Depth, as passed to {@link MailVisitor#header} and in {@link PartInfo}: 0 for the message,
 * 1 for its parts, and one more for each level below; an attached {@code message/rfc822} is a
 * part at depth n whose own header and body are at n + 1.
 *
 * <p>Never throws. Input is hostile: every cost is bounded by {@link MailLimits}, and whatever
 * goes wrong is recorded as an anomaly, after which reading continues or stops. Memory is
 * bounded by the scan budget, not by the message size.
 */
public final class MailReader {

    /**
     * mime4j's defaults throw on header lines over 1000 bytes, which spam has all the time. We
     * lift its limits and enforce our own: the scan budget bounds everything, and
     * {@link HeaderField} cuts each field to {@link MailLimits#maxHeaderBytes()}.
     */
    public static final MimeConfig CONFIG = MimeConfig.custom()
            .setMaxLineLen(-1)
            .setMaxHeaderLen(-1)
            .setMaxHeaderCount(-1)
            .setMaxContentLen(-1)
            .setStrictParsing(false)
            .build();

    private final MailLimits limits;
    private final MailVisitor visitor;
    private final Anomalies anomalies;
    private final MimeTokenStream stream;

    private int depth = -1;
    private int parts;
    private int topLevelFields;
    /** Parameters of the entity whose header is being read; they are only known at its end. */
    private String contentType = "";
    private String disposition = "";
    private String transferEncoding = "";
    /** The type of the entity whose header just ended, for its body. */
    private ContentType type = new ContentType("text/plain", "");
    /** Whether the multipart at each depth is a digest, whose parts default to message/rfc822. */
    private final boolean[] digest;

    private MailReader(MailLimits limits, MailVisitor visitor) {
        this.limits = limits;
        this.visitor = new LimitedVisitor(visitor, limits.maxTokens());
        this.anomalies = new Anomalies(visitor);
        this.stream = new MimeTokenStream(CONFIG, anomalies, null);
        this.digest = new boolean[Math.max(1, limits.maxDepth() + 1)];
    }

    /** Reads a whole message held in memory. A leading mbox {@code From } line is skipped. */
    public static void read(byte[] message, MailLimits limits, MailVisitor visitor) {
        read(new ByteArrayInputStream(message == null ? new byte[0] : message), limits, visitor);
    }

    /**
     * Reads a message from a stream: {@link MailLimits#maxScanBytes()} of it, and one byte more
     * to learn whether there is more; the rest is left unread, and the stream is not closed. An
     * I/O error is recorded as the anomaly {@code io-error}; what was read before it still counts.
     */
    public static void read(InputStream message, MailLimits limits, MailVisitor visitor) {
        MailReader reader = new MailReader(limits, visitor);
        ScanInput input = new ScanInput(message, limits.maxScanBytes());
        try {
            reader.walk(input);
        } catch (IOException e) {
            reader.anomalies.record("io-error");
        } catch (MimeException | RuntimeException | StackOverflowError e) {
            // mime4j's lenient mode should not throw, nor should we: a bug, kept visible as a feature
            reader.anomalies.record("reader-error");
        }
        try {
            input.finish();
        } catch (IOException e) {
            reader.anomalies.record("io-error");
        }
        if (input.truncated()) {
            reader.anomalies.record("scan-limit");
        }
    }

    private void walk(InputStream input) throws IOException, MimeException {
        stream.setRecursionMode(RecursionMode.M_RECURSE);
        stream.parse(input);
        for (EntityState state = stream.getState(); state != EntityState.T_END_OF_STREAM; state = stream.next()) {
            switch (state) {
                case T_START_MESSAGE, T_START_BODYPART -> startEntity();
                case T_END_MESSAGE, T_END_BODYPART -> depth--;
                case T_FIELD -> field();
                case T_END_HEADER -> {
                    if (!endHeader()) {
                        return;
                    }
                }
                case T_BODY -> body();
                default -> { }
            }
        }
    }

    private void startEntity() {
        depth++;
        contentType = "";
        disposition = "";
        transferEncoding = "";
    }

    private void field() {
        HeaderField field = HeaderField.parse(stream.getField().getRaw(), limits.maxHeaderBytes(), anomalies);
        if (field == null) {
            anomalies.record("bad-header");
            return;
        }
        int d = Math.max(depth, 0);
        if (d == 0) {
            topLevelFields++;
        }
        String name = field.name();
        if (HeaderNames.is(name, "content-type")) {
            contentType = field.value();
        } else if (HeaderNames.is(name, "content-disposition")) {
            disposition = field.value();
        } else if (HeaderNames.is(name, "content-transfer-encoding")) {
            transferEncoding = field.value().strip().toLowerCase(Locale.ROOT);
        }
        visitor.header(field.name(), field.value(), d);
    }

    /**
     * Announces the part, and keeps mime4j from descending past the depth limit. Returns false
     * when the part budget is spent and reading must stop.
     */
    private boolean endHeader() {
        int d = Math.max(depth, 0);
        if (d == 0 && topLevelFields == 0) {
            anomalies.record("no-headers");
        }
        if (++parts > limits.maxParts()) {
            anomalies.record("part-limit");
            return false;
        }
        boolean inDigest = d > 0 && d - 1 < digest.length && digest[d - 1];
        type = ContentType.parse(contentType, inDigest, anomalies);
        if (d < digest.length) {
            digest[d] = type.mimeType().equals("multipart/digest");
        }
        String fileName = HeaderParams.get(disposition, "filename");
        if (fileName.isEmpty()) {
            fileName = HeaderParams.get(contentType, "name");
        }
        visitor.part(new PartInfo(type.mimeType(), type.charset(), transferEncoding, fileName, d));
        if (type.isContainer() && d + 1 >= limits.maxDepth()) {
            // M_FLAT for this entity only: its body is skipped as one opaque part, then we recurse again
            anomalies.record("depth-limit");
            stream.setRecursionMode(RecursionMode.M_FLAT);
        }
        return true;
    }

    private void body() throws IOException {
        stream.setRecursionMode(RecursionMode.M_RECURSE);
        String mimeType = type.mimeType();
        if (!mimeType.startsWith("text/")) {
            return; // other bodies are skipped unread; mime4j discards them up to the next boundary
        }
        anomalies.context(transferEncoding.isEmpty() ? "body" : transferEncoding);
        byte[] raw = stream.getInputStream().readAllBytes();
        String encoding = stream.getBodyDescriptor().getTransferEncoding();
        int cap = BodyText.maxBytes(limits.maxTextChars()) + 1;
        String text;
        if (encoding.equalsIgnoreCase("quoted-printable") || encoding.equalsIgnoreCase("base64")) {
            DecodedBytes decoded = new DecodedBytes(raw.length, cap);
            if (encoding.equalsIgnoreCase("base64")) {
                Base64Decoder.decode(raw, 0, raw.length, decoded, anomalies);
            } else {
                QuotedPrintableDecoder.decode(raw, 0, raw.length, decoded, anomalies);
            }
            text = BodyText.read(decoded.array(), 0, decoded.length(), type.charset(), limits.maxTextChars(), anomalies);
        } else {
            text = BodyText.read(raw, 0, raw.length, type.charset(), limits.maxTextChars(), anomalies);
        }
        anomalies.context("header");
        if (mimeType.equals("text/html")) {
            HtmlText.extract(text, visitor);
        } else if (!text.isBlank()) {
            visitor.text(text, TextOrigin.PLAIN);
            BareUrls.find(text, visitor);
        }
    }
}
