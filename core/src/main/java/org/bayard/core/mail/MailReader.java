package org.bayard.core.mail;

import java.io.InputStream;

/**
 * Reads one message held in memory and tells a {@link MailVisitor} what is in it: header fields,
 * parts, decoded text, links and anomalies.
 *
 * <p>The MIME structure is walked over the message's own bytes: {@link FieldSplitter} cuts each
 * header into fields, {@link PartSplitter} cuts each multipart into parts (nested ones split the
 * range of their enclosing part), and only text bodies are decoded ({@link QuotedPrintableDecoder},
 * {@link Base64Decoder}), up to the text budget. Nothing is copied but what becomes text, and an
 * attached message sent base64 or quoted-printable, which is decoded before it is read.
 *
 * <p>A multipart's preamble and epilogue are not read, as mail clients do not show them. A
 * multipart whose body holds text but not one delimiter line (its boundary never appears) has no
 * parts, only a preamble: that body is read as text/plain instead (anomaly {@code no-delimiter}),
 * as for a multipart without a boundary parameter, else declaring a boundary that never occurs
 * would hide every word from the filter. A leaf whose Content-Type fields disagree on whether it
 * is text is read as text (anomaly {@code content-type-conflict}): mail clients mostly go by the
 * first field, the part is named by the last, and neither reading may hide the words.
 *
 * <p>Depth, as passed to {@link MailVisitor#header} and in {@link PartInfo}: 0 for the message,
 * 1 for its parts, and one more for each level below; an attached {@code message/rfc822} is a
 * part at depth n whose own header and body are at n + 1.
 *
 * <p>Past the part limit, parts are no longer described (no header fields, no {@link PartInfo}),
 * but the text in them is still read, and their file names are still given ({@link
 * MailVisitor#attachmentName}): else a sender could put the limit's worth of empty parts before
 * the words, or before an executable. A part past the limit whose body is empty costs a look at
 * its bytes and no objects, so a flood of them costs what its bytes do.
 *
 * <p>Never throws. Input is hostile: every cost is bounded by {@link MailLimits}, and whatever
 * goes wrong is recorded as an anomaly, after which reading continues or stops. Memory is
 * bounded by the scan budget, not by the message size.
 */
public final class MailReader {

    private final MailLimits limits;
    private final MailVisitor visitor;
    private final Anomalies anomalies;
    private final HeaderFieldReader fieldReader;

    /** Parts reported to the visitor, up to the part limit. */
    private int partsDescribed;
    private int topLevelFields;
    /**
     * Bytes left for decoding attached messages, each held whole while it is read. Without it, a
     * chain of encoded messages nested one in another would hold a copy per level at once (200
     * levels of a 2 MB message, 400 MB); with it, all copies together stay within the scan budget.
     */
    private long attachedBudget;

    private MailReader(MailLimits limits, MailVisitor visitor) {
        this.limits = limits;
        this.visitor = new LimitedVisitor(visitor, limits.maxTokens());
        this.anomalies = new Anomalies(visitor);
        this.fieldReader = new HeaderFieldReader(limits.maxHeaderBytes(), anomalies);
        this.attachedBudget = limits.maxScanBytes();
    }

    /** Reads a whole message held in memory. A leading mbox {@code From } line is skipped. */
    public static void read(byte[] message, MailLimits limits, MailVisitor visitor) {
        read(ScanWindow.of(message == null ? new byte[0] : message, limits.maxScanBytes()), limits, visitor);
    }

    /**
     * Reads a message from a stream: {@link MailLimits#maxScanBytes()} of it, and one byte more
     * to learn whether there is more; the rest is left unread, and the stream is not closed. An
     * I/O error is recorded as the anomaly {@code io-error}; what was read before it still counts.
     */
    public static void read(InputStream message, MailLimits limits, MailVisitor visitor) {
        read(ScanWindow.read(message, limits.maxScanBytes()), limits, visitor);
    }

    private static void read(ScanWindow window, MailLimits limits, MailVisitor visitor) {
        MailReader reader = new MailReader(limits, visitor);
        try {
            reader.entity(window.bytes(), window.from(), window.to(), 0, false, false);
        } catch (RuntimeException | StackOverflowError e) {
            // nothing here should throw: a bug, kept visible as a feature
            reader.anomalies.record("reader-error");
        }
        if (window.ioError()) {
            reader.anomalies.record("io-error");
        }
        if (window.truncated()) {
            reader.anomalies.record("scan-limit");
        }
    }

    /**
     * Reads the entity in {@code bytes[from, to)}: its header, then its body; past the part limit,
     * only the text and the file names in it. That walk stays bounded by the scan window, and its nesting by the depth limit.
     *
     * @param inDigest whether the enclosing multipart is a digest, as the structure reads it
     * @param namedInDigest the same as {@link ContentType} reads it, for the part's name
     */
    private void entity(byte[] bytes, int from, int to, int depth, boolean inDigest, boolean namedInDigest) {
        boolean described = partsDescribed < limits.maxParts();
        if (!described && isBlank(bytes, FieldSplitter.bodyFrom(bytes, from, to), to)) {
            // nothing to read in it, whatever its header says: a flood of parts past the limit
            // with empty bodies costs a look at their bytes, no objects
            anomalies.record("part-limit");
            return;
        }
        MimeDescriptor structure = new MimeDescriptor();
        PartFields naming = new PartFields();
        FieldSplitter fields = new FieldSplitter(bytes, from, to, anomalies);
        while (fields.next()) {
            HeaderField field = field(bytes, fields.fieldFrom(), fields.fieldTo(), fields.breaks(), structure);
            if (field == null) {
                continue;
            }
            if (depth == 0) {
                topLevelFields++;
            }
            naming.accept(field);
            if (described) {
                visitor.header(field.name(), field.value(), depth);
            }
        }
        if (depth == 0 && topLevelFields == 0) {
            anomalies.record("no-headers");
        }
        if (described) {
            partsDescribed++;
        } else {
            anomalies.record("part-limit");
        }
        ContentType type = ContentType.parse(naming.contentType(), namedInDigest, anomalies);
        int bodyFrom = fields.bodyFrom();
        PartSplitter parts = structure.isMultipart() ? new PartSplitter(bytes, bodyFrom, to, structure.boundary()) : null;
        boolean noDelimiter = parts != null && !parts.delimited() && !isBlank(bytes, bodyFrom, to);
        if (noDelimiter) {
            // a boundary that never appears makes the whole body a preamble, which is not read:
            // a sender could hide every word that way, so the body is read as the leaf it then is
            anomalies.record("no-delimiter");
            type = type.withoutParts();
            parts = null;
        }
        HeaderParams first = naming.firstOfSeveralContentTypes();
        if (first != null && parts == null && !structure.isMessage(inDigest)) {
            type = textEitherShows(type, ContentType.parseUnrecorded(first, namedInDigest), noDelimiter);
        }
        // past the depth limit a digest no longer makes its parts default to messages: the
        // per-depth table of the reader this replaces ended there, and the features were built with it
        boolean namedDigest = depth <= limits.maxDepth() && type.mimeType().equals("multipart/digest");
        String fileName = naming.fileName();
        if (described) {
            visitor.part(new PartInfo(type.mimeType(), type.charset(), naming.transferEncoding(), fileName, depth));
        }
        if (!fileName.isEmpty()) {
            visitor.attachmentName(fileName);
        }
        // the name decides which containers meet the depth limit, as the features were built with
        // it; past the part limit, which bounded the rest before, so does the structure, as a
        // multipart whose name does not parse is no container by its name
        boolean container = type.isContainer() || !described && (parts != null || structure.isMessage(inDigest));
        if (container && depth + 1 >= limits.maxDepth()) {
            anomalies.record("depth-limit");
            return; // the container's body is skipped whole
        }
        if (parts != null) {
            multipart(bytes, parts, structure, depth, namedDigest);
        } else if (structure.isMessage(inDigest)) {
            attachedMessage(bytes, bodyFrom, to, structure, depth, namedDigest);
        } else if (type.isText()) {
            text(bytes, bodyFrom, to, structure, type, naming.transferEncoding());
        } // other bodies are skipped unread
    }

    /**
     * The type a leaf with several Content-Type fields is read as. The part is named by the last
     * field, but mail clients mostly go by the first: when one of the two names text and the other
     * does not, the body is read as the text, named by the field that says so (anomaly {@code
     * content-type-conflict}), else a second field naming a binary type or a multipart would hide
     * from the filter the words the recipient sees.
     *
     * @param noDelimiter whether the body was a multipart without a delimiter line, which is read as text
     */
    private ContentType textEitherShows(ContentType last, ContentType first, boolean noDelimiter) {
        ContentType firstRead = noDelimiter ? first.withoutParts() : first;
        if (firstRead.isText() == last.isText()) {
            return last;
        }
        anomalies.record("content-type-conflict");
        return last.isText() ? last : firstRead;
    }

    /**
     * One raw field: null, with an anomaly, when it is not a field, else parsed. Either way the
     * structure sees it when its name is valid.
     */
    private HeaderField field(byte[] bytes, int from, int to, FieldBreaks breaks, MimeDescriptor structure) {
        FieldName name = FieldName.parse(bytes, from, to);
        if (name == null) {
            anomalies.record("bad-header");
            return null;
        }
        if (name.obsolete()) {
            anomalies.record("bad-header");
        }
        structure.add(name.name(), bytes, name.colon() + 1, to);
        HeaderField field = fieldReader.read(bytes, from, to, name, breaks);
        if (field == null) {
            anomalies.record("bad-header");
        }
        return field;
    }

    private void multipart(byte[] bytes, PartSplitter parts, MimeDescriptor structure, int depth, boolean namedDigest) {
        while (parts.next()) {
            entity(bytes, parts.partFrom(), parts.partTo(), depth + 1, structure.isDigest(), namedDigest);
        }
        if (!parts.closed()) {
            anomalies.record("bad-header"); // the body ended before its close delimiter
        }
    }

    /** Whether {@code bytes[from, to)} holds nothing but spaces, line breaks and control bytes. */
    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if ((bytes[i] & 0xff) > ' ') {
                return false;
            }
        }
        return true;
    }

    /** A message/rfc822 body is a message of its own, one level down; encoded, it is decoded first. */
    private void attachedMessage(byte[] bytes, int from, int to, MimeDescriptor structure, int depth,
                                    boolean namedDigest) {
        if (structure.isBase64() || structure.isQuotedPrintable()) {
            // faults in it count as faults of the header being read, which is what the message is
            DecodedBytes decoded = decode(bytes, from, to, structure, (int) Math.min(Integer.MAX_VALUE, attachedBudget));
            attachedBudget -= decoded.length();
            if (decoded.full()) {
                anomalies.record("scan-limit");
            }
            entity(decoded.array(), 0, decoded.length(), depth + 1, false, namedDigest);
        } else {
            entity(bytes, from, to, depth + 1, false, namedDigest);
        }
    }

    private void text(byte[] bytes, int from, int to, MimeDescriptor structure, ContentType type,
                      String transferEncoding) {
        anomalies.context(transferEncoding.isEmpty() ? "body" : transferEncoding);
        String text;
        if (structure.isBase64() || structure.isQuotedPrintable()) {
            DecodedBytes decoded = decode(bytes, from, to, structure, BodyText.maxBytes(limits.maxTextChars()) + 1);
            text = BodyText.read(decoded.array(), 0, decoded.length(), type.charset(), limits.maxTextChars(), anomalies);
        } else {
            text = BodyText.read(bytes, from, to - from, type.charset(), limits.maxTextChars(), anomalies);
        }
        anomalies.context("header");
        if (type.mimeType().equals("text/html")) {
            HtmlText.extract(text, visitor);
        } else if (!text.isBlank()) {
            visitor.text(text, TextOrigin.PLAIN);
            BareUrls.find(text, visitor);
        }
    }

    private DecodedBytes decode(byte[] bytes, int from, int to, MimeDescriptor structure, int cap) {
        DecodedBytes decoded = new DecodedBytes(to - from, cap);
        if (structure.isBase64()) {
            Base64Decoder.decode(bytes, from, to, decoded, anomalies);
        } else {
            QuotedPrintableDecoder.decode(bytes, from, to, decoded, anomalies);
        }
        return decoded;
    }
}
