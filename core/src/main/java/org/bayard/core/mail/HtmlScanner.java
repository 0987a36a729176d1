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
        /** Text {@code chars[from, to)}, references already decoded; the array is valid only during the call. */
        void text(char[] chars, int from, int to);

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

    /**
     * The longest document whose chars are kept for the next one: larger ones are copied to an
     * array of their own, so that a thread does not hold on to the largest it ever read.
     */
    static final int MAX_KEPT_CHARS = 64 << 10;

    private final Sink sink;
    private final HtmlAttributes attributes = new HtmlAttributes();
    private final HtmlTextBuffer decoded = new HtmlTextBuffer(256);
    private String html;
    /**
     * The document's chars, {@code doc[0, end)}, copied into an array kept from document to
     * document: tags are read a char at a time, and each {@code String.charAt} tests the
     * string's coder and the index (JFR put a tenth of the HTML stage's samples there). The
     * string stays for its vectorised searches ({@code indexOf}). A new array per document
     * cost more than it saved: the scanner alone 1.15 of its time against 0.96 with the array
     * kept (thread CPU, the corpus's HTML parts).
     */
    private char[] doc = new char[0];
    private int end;
    private int pos;
    /** The {@link HtmlNameKey} of the name {@link #readName} last read. */
    private long nameKey;
    /**
     * The first '&' at or after the last text searched for one ({@link #end} if none):
     * text comes in order, so one forward search serves every piece up to that '&' instead of a
     * search per piece (half of the corpus's pieces are a char or two between tags, and each paid
     * the search's setup). Each search starts past the last one's result, so all of them together
     * read the document once.
     */
    private int nextAmpersand = -1;

    HtmlScanner(Sink sink) {
        this.sink = sink;
    }

    static void scan(String html, Sink sink) {
        new HtmlScanner(sink).scan(html);
    }

    /** Reads one document into the sink; the scanner may then read another. */
    void scan(String html) {
        start(html);
        try {
            run();
        } finally {
            this.html = null;
            attributes.start(null, null);
            if (doc.length > MAX_KEPT_CHARS) {
                doc = new char[0];
            }
            decoded.trimTo(MAX_KEPT_CHARS);
        }
    }

    private void start(String html) {
        this.html = html;
        end = html.length();
        if (doc.length < end) {
            doc = new char[end];
        }
        html.getChars(0, end, doc, 0);
        attributes.start(html, doc);
        pos = 0;
        nextAmpersand = -1;
    }

    private void run() {
        int n = end;
        int textFrom = 0;
        for (int lt; pos < n && (lt = nextLessThan(pos)) >= 0; ) {
            if (startsMarkup(lt)) {
                if (textFrom < lt) { // see nextLessThan: text() does not inline here, so no call for nothing
                    text(textFrom, lt);
                }
                pos = lt;
                markup();
                textFrom = pos;
            } else {
                pos = lt + 1; // a '<' that starts nothing stays in the text around it
            }
        }
        text(textFrom, n);
    }

    /**
     * The first '<' at or after {@code from} (which is before the end), or -1. A tag often follows
     * another straight away (104 of the 235 tags of the corpus's average HTML part, against 83
     * after blanks only and 48 after text), and then no search is begun: with the call to
     * {@link #text} skipped where there is no text, the HTML reader took 0.977 to 0.998 of its
     * time (thread CPU, old and new alternating in one JVM, the corpus's HTML parts, medians of
     * four runs), 0.893 to 1.004 with the two the other way round (A/A 0.977 to 1.082): small,
     * and too small to see in the whole preparation.
     */
    private int nextLessThan(int from) {
        return doc[from] == '<' ? from : html.indexOf('<', from);
    }

    private boolean startsMarkup(int lt) {
        char next = charAt(lt + 1);
        return isAsciiLetter(next) || next == '!' || next == '?' || next == '/' && lt + 2 < end;
    }

    /** At a '<' that starts markup: reads it. */
    private void markup() {
        char next = doc[pos + 1];
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
        char next = doc[pos + 2];
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
        pos = end; // an unclosed comment runs to the end
    }

    private void startTag() {
        int nameEnd = readName(pos + 1, ENDS_NAME);
        HtmlTag tag = HtmlTag.of(nameKey, html, pos + 1, nameEnd);
        int tagEnd = attributes(nameEnd);
        if (tagEnd < 0) {
            pos = end; // cut off by the end of the document: dropped
            return;
        }
        pos = tagEnd;
        sink.startTag(tag, attributes);
        switch (tag.content()) {
            case SKIPPED -> skipTo(tag, false);
            case TEXT -> skipTo(tag, true);
            case PLAIN -> {
                text(pos, end, false);
                pos = end;
            }
            case MARKUP -> { }
        }
    }

    private void endTag() {
        int nameEnd = readName(pos + 2, ENDS_NAME);
        HtmlTag tag = HtmlTag.of(nameKey, html, pos + 2, nameEnd);
        int tagEnd = attributes(nameEnd); // an end tag's attributes mean nothing, but they are read over
        if (tagEnd < 0) {
            pos = end;
            return;
        }
        pos = tagEnd;
        sink.endTag(tag);
    }

    /**
     * Reads the attributes up to the tag's '>', as a browser does: a name runs to space, '/',
     * '>' or '='; a value is quoted, or runs to space or '>'. Returns the position after the
     * '>', or -1 when the document ends first.
     */
    private int attributes(int from) {
        attributes.clear();
        char[] doc = this.doc;
        int n = end;
        int i = from;
        while (true) {
            while (i < n && isIn(SPACE_OR_SLASH, doc[i])) {
                i++; // a '/' outside a value means nothing in HTML, even as "/>"
            }
            if (i >= n) {
                return -1;
            }
            if (doc[i] == '>') {
                return i + 1;
            }
            i = readName(i, ENDS_ATTRIBUTE_NAME); // the first character may be '=', which then belongs to the name
            long key = nameKey;
            i = skipSpace(i);
            if (i >= n || doc[i] != '=') {
                attributes.add(key, i, i);
                continue;
            }
            i = skipSpace(i + 1);
            if (i >= n) {
                return -1;
            }
            char quote = doc[i];
            if (quote == '"' || quote == '\'') {
                int close = html.indexOf(quote, i + 1);
                if (close < 0) {
                    return -1;
                }
                attributes.add(key, i + 1, close);
                i = close + 1;
            } else {
                int valueFrom = i;
                while (i < n && !isIn(ENDS_VALUE, doc[i])) {
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
        int contentEnd = close < 0 ? end : close;
        if (isText) {
            text(from, contentEnd);
        }
        pos = contentEnd;
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
            sink.text(doc, from, to);
        } else {
            decoded.clear();
            HtmlEntities.decode(html, from, to, false, decoded);
            sink.text(decoded.array(), 0, decoded.length());
        }
    }

    /** Whether {@code html[from, to)} holds a '&'; {@code from} is never before the last call's. */
    private boolean hasAmpersand(int from, int to) {
        if (nextAmpersand < from) {
            nextAmpersand = html.indexOf('&', from);
            if (nextAmpersand < 0) {
                nextAmpersand = end;
            }
        }
        return nextAmpersand < to;
    }

    /**
     * Reads a name from {@code from} up to the first char of {@code ends} (the first char
     * belongs to the name whatever it is) and returns where it ends; its {@link HtmlNameKey} is
     * left in {@link #nameKey}.
     */
    private int readName(int from, long ends) {
        char[] doc = this.doc;
        int n = end;
        int code = HtmlNameKey.code(doc[from]);
        long key = HtmlNameKey.append(HtmlNameKey.EMPTY, code);
        boolean allNameChars = code != 0;
        int i = from + 1;
        for (char c; i < n && !isIn(ends, c = doc[i]); i++) {
            code = HtmlNameKey.code(c);
            key = HtmlNameKey.append(key, code);
            allNameChars &= code != 0;
        }
        nameKey = HtmlNameKey.finish(key, i - from, allNameChars);
        return i;
    }

    private boolean endsName(int at) {
        char c = charAt(at);
        return at >= end || isIn(ENDS_NAME, c);
    }

    private int skipPast(char c, int from) {
        int at = html.indexOf(c, from);
        return at < 0 ? end : at + 1;
    }

    private int skipSpace(int from) {
        char[] doc = this.doc;
        int n = end;
        int i = from;
        while (i < n && isIn(SPACE, doc[i])) {
            i++;
        }
        return i;
    }

    private char charAt(int i) {
        return i < end ? doc[i] : '\0';
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** Whether {@code c} is one of a set of chars below 64, given as a bit mask ({@link #SPACE}...). */
    private static boolean isIn(long set, char c) {
        return c < 64 && (set & 1L << c) != 0;
    }
}
