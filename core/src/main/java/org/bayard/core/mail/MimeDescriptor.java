package org.bayard.core.mail;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How an entity's body is structured, from its header: multipart (with its boundary), an
 * attached message, or a leaf, and its transfer encoding. This decides where parts begin and end,
 * so it follows the reading our features were built on, which differs from {@link ContentType}'s
 * (that one names the part in {@link PartInfo}): the first Content-Type that parses wins, a
 * multipart without a boundary parameter does not parse (so a later Content-Type may), and the
 * first non-empty Content-Transfer-Encoding wins.
 */
final class MimeDescriptor {

    /** Lower-case {@code type/subtype} from the first Content-Type that parsed, or null. */
    private String mimeType;
    private String boundary;
    private String transferEncoding;

    /** Takes in one field; {@code valueFrom} is just after its colon. */
    void add(String name, byte[] bytes, int valueFrom, int to) {
        if (mimeType == null && HeaderNames.is(name, "content-type")) {
            contentType(bytes, valueFrom, to);
        } else if (transferEncoding == null && HeaderNames.is(name, "content-transfer-encoding")) {
            String value = withoutLineBreaks(bytes, valueFrom, to).trim();
            if (!value.isEmpty()) {
                transferEncoding = value;
            }
        }
    }

    private void contentType(byte[] bytes, int from, int to) {
        HeaderTokens tokens = new HeaderTokens(bytes, from, to);
        String type = mediaType(tokens.token(';', -1));
        if (type == null || !type.startsWith("multipart/")) {
            mimeType = type; // parameters only matter to a multipart
            return;
        }
        String boundaryParam = boundaryParameter(tokens);
        if (boundaryParam != null) {
            mimeType = type;
            boundary = boundaryParam;
        }
    }

    /** The value of the last {@code boundary} parameter, or null when there is none or it has no value. */
    private static String boundaryParameter(HeaderTokens tokens) {
        String boundary = null;
        if (tokens.atEnd()) {
            return null;
        }
        tokens.advance();
        while (!tokens.atEnd()) {
            String param = tokens.token('=', ';');
            String value = null;
            if (!tokens.atEnd()) {
                boolean hasValue = tokens.current() == '=';
                tokens.advance();
                if (hasValue) {
                    value = tokens.value(';');
                    if (!tokens.atEnd()) {
                        tokens.advance();
                    }
                }
            }
            if (param.toLowerCase(Locale.US).equals("boundary")) { // not equalsIgnoreCase: a dotless i (U+0131) must not match
                boundary = value;
            }
        }
        return boundary;
    }

    /**
     * {@code type/subtype} lower-cased, each half trimmed, or null unless both halves are there.
     * The halves are found as ranges of the trimmed value, which is the answer itself when there
     * is no space around the slash: the halves and their join were three strings made and
     * dropped per Content-Type.
     */
    private static String mediaType(String value) {
        String main = value.toLowerCase(Locale.ROOT).trim();
        int slash = main.indexOf('/');
        if (slash < 0) {
            return null;
        }
        // main is trimmed: the type can only end, and the subtype only start, with what trim() takes off
        int typeEnd = slash;
        while (typeEnd > 0 && main.charAt(typeEnd - 1) <= ' ') {
            typeEnd--;
        }
        int subtypeStart = slash + 1;
        while (subtypeStart < main.length() && main.charAt(subtypeStart) <= ' ') {
            subtypeStart++;
        }
        if (typeEnd == 0 || subtypeStart == main.length()) {
            return null;
        }
        if (typeEnd == slash && subtypeStart == slash + 1) {
            return main;
        }
        return main.substring(0, typeEnd) + "/" + main.substring(subtypeStart);
    }

    private static String withoutLineBreaks(byte[] bytes, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = (char) (bytes[i] & 0xff);
            if (c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }

    boolean isMultipart() {
        return mimeType != null && mimeType.startsWith("multipart/");
    }

    /** Whether the body is a message: declared so, or undeclared inside a digest. */
    boolean isMessage(boolean inDigest) {
        return mimeType == null ? inDigest : mimeType.equals("message/rfc822");
    }

    /** Whether this is a digest, whose parts are messages unless they say otherwise. */
    boolean isDigest() {
        return "multipart/digest".equals(mimeType);
    }

    /** The boundary of a multipart (possibly empty); null otherwise. */
    String boundary() {
        return boundary;
    }

    boolean isBase64() {
        return "base64".equalsIgnoreCase(transferEncoding);
    }

    boolean isQuotedPrintable() {
        return "quoted-printable".equalsIgnoreCase(transferEncoding);
    }
}
