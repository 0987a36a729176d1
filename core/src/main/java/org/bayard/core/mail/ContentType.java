package org.bayard.core.mail;

import java.util.Locale;

/**
 * The type a part is named by in {@link PartInfo}, from the last Content-Type value of its
 * header: a missing or malformed type means the default (text/plain, or message/rfc822 inside
 * multipart/digest), and a multipart without a boundary is text ({@link MailReader} reads one whose
 * body has no delimiter line as text too: {@link #withoutParts()}).
 *
 * <p>Where the part's body begins and ends is decided by {@link MimeDescriptor}, which reads the
 * header another way (the first Content-Type that parses); both readings are kept as they were
 * when the features were built. This one also decides which bodies are text and which containers
 * count against the depth limit.
 */
record ContentType(String mimeType, String charset) {

    /** Printable ASCII but space and RFC 2045's tspecials: one mask test per char, not a search of the specials. */
    private static final AsciiSet TOKEN_CHARS = AsciiSet.printableBut(" ()<>@,;:\\\"/[]?=");

    static ContentType parse(HeaderParams params, boolean inDigest, Anomalies anomalies) {
        return read(params, inDigest, anomalies);
    }

    /**
     * The same reading of a Content-Type that does not name the part (an earlier one of several),
     * whose faults are not the part's anomalies.
     */
    static ContentType parseUnrecorded(HeaderParams params, boolean inDigest) {
        return read(params, inDigest, null);
    }

    /** @param anomalies where the faults are recorded, or null for none */
    private static ContentType read(HeaderParams params, boolean inDigest, Anomalies anomalies) {
        String value = params.value();
        String fallback = inDigest ? "message/rfc822" : "text/plain";
        String charset = params.get("charset").toLowerCase(Locale.ROOT);
        int semicolon = value.indexOf(';');
        String type = (semicolon < 0 ? value : value.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        if (type.isEmpty()) {
            return new ContentType(fallback, charset);
        }
        int slash = type.indexOf('/');
        if (slash <= 0 || slash == type.length() - 1 || !isToken(type, slash)) {
            if (anomalies != null) {
                anomalies.record("bad-content-type");
            }
            return new ContentType(fallback, charset);
        }
        if (type.startsWith("multipart/") && params.get("boundary").isEmpty()) {
            if (anomalies != null) {
                anomalies.record("no-boundary");
            }
            return new ContentType("text/plain", charset);
        }
        return new ContentType(type, charset);
    }

    /**
     * The type a body is read as when its structure says multipart but no delimiter line is in
     * it: text/plain for a multipart name, as for a multipart without a boundary; any other name
     * (a later Content-Type than the one that made it multipart) is kept.
     */
    ContentType withoutParts() {
        return mimeType.startsWith("multipart/") ? new ContentType("text/plain", charset) : this;
    }

    /** Whether the body is text to be read: {@code text/*}. */
    boolean isText() {
        return mimeType.startsWith("text/");
    }

    boolean isContainer() {
        return mimeType.startsWith("multipart/") || mimeType.equals("message/rfc822");
    }

    private static boolean isToken(String type, int slash) {
        for (int i = 0; i < type.length(); i++) {
            if (i != slash && !TOKEN_CHARS.contains(type.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
