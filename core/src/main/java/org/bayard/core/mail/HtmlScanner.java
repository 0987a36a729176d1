package org.bayard.core.mail;

/**
 * Cuts an HTML document into text, start tags and end tags, in one pass over its characters, the
 * way a browser's tokenizer does: comments, doctypes and processing instructions are dropped,
 * a '<' that starts no tag is text, a tag cut off by the end of the document is dropped, and the
 * contents of script-like elements are skipped unread. Knows nothing of nesting; that is
 * {@link OpenElements}' job.
 *
 * <p>Every step moves forward through the document and every search starts where the last one
 * stopped, so time is linear in the document's length whatever it holds.
 */
final class HtmlScanner {

    /** Receives the document's pieces in order. */
    interface Sink {
        /** Text {@code chars[from, to)}, references already decoded. */
        void text(CharSequence chars, int from, int to);

        /** A start tag; the attributes are valid only during the call. */
        void startTag(HtmlTag tag, HtmlAttributes attributes);

        void endTag(HtmlTag tag);
    }

    // The chars that end the parts of a tag, as bit masks: one comparison tells a letter, most of a tag, from all of them.
    /** HTML's whitespace between attributes: tab, line feed, form feed, carriage return, space. */
    private static final long SPACE = 1L << '\t' | 1L << '\n' | 1L << '\f' | 1L << '\r' | 1L << ' ';
    private static final long SPACE_OR_SLASH = SPACE | 1L << '/';
    private static final long ENDS_NAME = SPACE | 1L << '/' | 1L << '>';
    private static final long ENDS_ATTRIBUTE_NAME = ENDS_NAME | 1L << '=';
    private static final long ENDS_VALUE = SPACE | 1L << '>';

    private final String html;
    private final Sink sink;
    private final HtmlAttributes attributes;
    private final HtmlTextBuffer decoded = new HtmlTextBuffer(256);
    private int pos;
    /**
     * The first '&' at or after the last text searched for one ({@code html.length()} if none):
     * text comes in order, so one forward search serves every piece up to that '&' instead of a
     * search per piece (half of the corpus's pieces are a char or two between tags, and each paid
     * the search's setup). Each search starts past the last one's result, so all of them together
     * read the document once.
     */
    private int nextAmpersand = -1;
    /** The {@link HtmlNameKey} of the tag name {@link #nameEnd} last read. */
    private long nameKey;

    private HtmlScanner(String html, Sink sink) {
        this.html = html;
        this.sink = sink;
        this.attributes = new HtmlAttributes(html);
    }

    static void scan(String html, Sink sink) {
        new HtmlScanner(html, sink).run();
    }

    private void run() {
        int n = html.length();
        int textFrom = 0;
        for (int lt; pos < n && (lt = html.indexOf('<', pos)) >= 0; ) {
            if (startsMarkup(lt)) {
                text(textFrom, lt);
                pos = lt;
                markup();
                textFrom = pos;
            } else {
                pos = lt + 1; // a '<' that starts nothing stays in the text around it
            }
        }
        text(textFrom, n);
    }

    private boolean startsMarkup(int lt) {
        char next = charAt(lt + 1);
        return isAsciiLetter(next) || next == '!' || next == '?' || next == '/' && lt + 2 < html.length();
    }

    /** At a '<' that starts markup: reads it. */
    private void markup() {
        char next = html.charAt(pos + 1);
        if (isAsciiLetter(next)) {
            startTag();
        } else if (next == '/') {
            slash();
        } else if (html.startsWith("!--", pos + 1)) {
            comment();
        } else {
            pos = skipPast('>', pos + 2); // doctype, CDATA, processing instruction: nothing a reader sees
        }
    }

    private void slash() {
        char next = html.charAt(pos + 2);
        if (isAsciiLetter(next)) {
            endTag();
        } else if (next == '>') {
            pos += 3; // "</>" is nothing
        } else {
            pos = skipPast('>', pos + 2); // "</3>" and the like are comments to a browser
        }
    }

    /** {@code <!--} to {@code -->} or {@code --!>}; {@code <!-->} and {@code <!--->} are whole, empty comments. */
    private void comment() {
        int body = pos + 4;
        if (html.startsWith(">", body)) {
            pos = body + 1;
            return;
        }
        if (html.startsWith("->", body)) {
            pos = body + 2;
            return;
        }
        for (int dashes = html.indexOf("--", body); dashes >= 0; dashes = html.indexOf("--", dashes + 1)) {
            if (html.startsWith(">", dashes + 2)) {
                pos = dashes + 3;
                return;
            }
            if (html.startsWith("!>", dashes + 2)) {
                pos = dashes + 4;
                return;
            }
        }
        pos = html.length(); // an unclosed comment runs to the end
    }

    private void startTag() {
        int nameEnd = nameEnd(pos + 1);
        HtmlTag tag = HtmlTag.of(nameKey, html, pos + 1, nameEnd);
        int end = attributes(nameEnd);
        if (end < 0) {
            pos = html.length(); // cut off by the end of the document: dropped
            return;
        }
        pos = end;
        sink.startTag(tag, attributes);
        switch (tag.content()) {
            case SKIPPED -> skipTo(tag, false);
            case TEXT -> skipTo(tag, true);
            case PLAIN -> {
                text(pos, html.length(), false);
                pos = html.length();
            }
            case MARKUP -> { }
        }
    }

    private void endTag() {
        int nameEnd = nameEnd(pos + 2);
        HtmlTag tag = HtmlTag.of(nameKey, html, pos + 2, nameEnd);
        int end = attributes(nameEnd); // an end tag's attributes mean nothing, but they are read over
        if (end < 0) {
            pos = html.length();
            return;
        }
        pos = end;
        sink.endTag(tag);
    }

    /**
     * Reads the attributes up to the tag's '>', as a browser does: a name runs to space, '/',
     * '>' or '='; a value is quoted, or runs to space or '>'. Returns the position after the
     * '>', or -1 when the document ends first.
     */
    private int attributes(int from) {
        attributes.clear();
        int n = html.length();
        int i = from;
        while (true) {
            while (i < n && isIn(SPACE_OR_SLASH, html.charAt(i))) {
                i++; // a '/' outside a value means nothing in HTML, even as "/>"
            }
            if (i >= n) {
                return -1;
            }
            if (html.charAt(i) == '>') {
                return i + 1;
            }
            int nameFrom = i;
            long key = HtmlNameKey.append(HtmlNameKey.EMPTY, 0, html.charAt(i++)); // the first character may be '=', which then belongs to the name
            for (char c; i < n && !isIn(ENDS_ATTRIBUTE_NAME, c = html.charAt(i)); i++) {
                key = HtmlNameKey.append(key, i - nameFrom, c);
            }
            i = skipSpace(i);
            if (i >= n || html.charAt(i) != '=') {
                attributes.add(key, i, i);
                continue;
            }
            i = skipSpace(i + 1);
            if (i >= n) {
                return -1;
            }
            char quote = html.charAt(i);
            if (quote == '"' || quote == '\'') {
                int close = html.indexOf(quote, i + 1);
                if (close < 0) {
                    return -1;
                }
                attributes.add(key, i + 1, close);
                i = close + 1;
            } else {
                int valueFrom = i;
                while (i < n && !isIn(ENDS_VALUE, html.charAt(i))) {
                    i++;
                }
                attributes.add(key, valueFrom, i);
            }
        }
    }

    /**
     * Past a start tag whose contents are not markup: to the matching end tag, which is then
     * reported, or to the end of the document. Only the name is matched, in any case, followed
     * by what may end a tag name.
     */
    private void skipTo(HtmlTag tag, boolean isText) {
        String name = tag.name;
        int from = pos;
        int close = from;
        while ((close = html.indexOf("</", close)) >= 0) {
            if (html.regionMatches(true, close + 2, name, 0, name.length()) && endsName(close + 2 + name.length())) {
                break;
            }
            close += 2;
        }
        int end = close < 0 ? html.length() : close;
        if (isText) {
            text(from, end);
        }
        pos = end;
        if (close >= 0) {
            endTag();
        }
    }

    private void text(int from, int to) {
        text(from, to, true);
    }

    private void text(int from, int to, boolean withReferences) {
        if (from >= to) {
            return;
        }
        if (!withReferences || !hasAmpersand(from, to)) {
            sink.text(html, from, to);
        } else {
            decoded.clear();
            HtmlEntities.decode(html, from, to, false, decoded);
            sink.text(decoded, 0, decoded.length());
        }
    }

    /** Whether {@code html[from, to)} holds a '&'; {@code from} is never before the last call's. */
    private boolean hasAmpersand(int from, int to) {
        if (nextAmpersand < from) {
            nextAmpersand = html.indexOf('&', from);
            if (nextAmpersand < 0) {
                nextAmpersand = html.length();
            }
        }
        return nextAmpersand < to;
    }

    /** Where the tag name starting at {@code from} ends; its key is left in {@link #nameKey}. */
    private int nameEnd(int from) {
        long key = HtmlNameKey.EMPTY;
        int i = from;
        for (char c; i < html.length() && !isIn(ENDS_NAME, c = html.charAt(i)); i++) {
            key = HtmlNameKey.append(key, i - from, c);
        }
        nameKey = key;
        return i;
    }

    private boolean endsName(int at) {
        char c = charAt(at);
        return at >= html.length() || isIn(ENDS_NAME, c);
    }

    private int skipPast(char c, int from) {
        int at = html.indexOf(c, from);
        return at < 0 ? html.length() : at + 1;
    }

    private int skipSpace(int from) {
        int i = from;
        while (i < html.length() && isIn(SPACE, html.charAt(i))) {
            i++;
        }
        return i;
    }

    private char charAt(int i) {
        return i < html.length() ? html.charAt(i) : '\0';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** Whether {@code c} is one of a set of chars below 64, given as a bit mask ({@link #SPACE}...). */
    private static boolean isIn(long set, char c) {
        return c < 64 && (set & 1L << c) != 0;
    }
}
