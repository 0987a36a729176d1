package org.bayard.core.mail;

import java.util.Locale;

/**
 * An element name and what the reader needs to know about it, from the HTML standard's parsing
 * rules. Known names have one shared instance each, found from the document's characters without
 * copying them, so that the stack compares elements by identity; any other name is an ordinary
 * inline element with no rules of its own.
 */
final class HtmlTag {

    /** How an element's contents are read. */
    enum Content {
        /** Tags and text, as usual. */
        MARKUP,
        /** Code or embedded documents no reader sees (script, style...): skipped to the end tag. */
        SKIPPED,
        /** Text only, references decoded, up to the end tag (title, textarea). */
        TEXT,
        /** Everything to the end of the document is text, as written. */
        PLAIN
    }

    /** Never has contents, so is never open. */
    static final int VOID = 1;
    /** Has parsing rules of its own ("special" in the standard): an inline end tag does not close it, nor anything outside it. */
    static final int SPECIAL = 1 << 1;
    /** A block whose start ends an open paragraph. */
    static final int CLOSES_PARAGRAPH = 1 << 2;
    /** Reopened after a block closed it implicitly; see {@link FormattingElements}. */
    static final int FORMATTING = 1 << 3;
    /** Walls formatting off, as a table cell does. */
    static final int MARKER = 1 << 4;
    /** An end tag looks for its element only inside the innermost of these, so {@code </div>} in a cell does not close a div around the table. */
    static final int BOUNDS_SCOPE = 1 << 5;
    /** A part of a table below the table itself: ignored outside a table. */
    static final int TABLE_PART = 1 << 6;
    /** A table or one of its sections, which hold rows but no text of their own. */
    static final int TABLE_SECTION = 1 << 7;
    static final int HEADING = 1 << 8;
    /** Bounds the scope a {@code </p>} or a new block looks for a paragraph in, besides {@link #BOUNDS_SCOPE} (button). */
    static final int BOUNDS_BUTTON_SCOPE = 1 << 9;
    /** Bounds the scope an {@code </li>} looks for its item in, besides {@link #BOUNDS_SCOPE} (ol, ul). */
    static final int BOUNDS_LIST_SCOPE = 1 << 10;
    /** Bounds the scope the end tag of a table's part looks for it in (table, html, template). */
    static final int BOUNDS_TABLE_SCOPE = 1 << 11;

    private static final HtmlNameTable<HtmlTag> KNOWN = new HtmlNameTable<>(128);

    static final HtmlTag A = known("a", FORMATTING);
    static final HtmlTag ADDRESS = known("address", SPECIAL | CLOSES_PARAGRAPH);
    static final HtmlTag BODY = known("body", SPECIAL);
    static final HtmlTag BR = known("br", SPECIAL | VOID);
    static final HtmlTag BUTTON = known("button", SPECIAL | BOUNDS_BUTTON_SCOPE);
    static final HtmlTag DD = known("dd", SPECIAL | CLOSES_PARAGRAPH);
    static final HtmlTag DIV = known("div", SPECIAL | CLOSES_PARAGRAPH);
    static final HtmlTag DT = known("dt", SPECIAL | CLOSES_PARAGRAPH);
    static final HtmlTag FONT = known("font", FORMATTING);
    static final HtmlTag HTML = known("html", SPECIAL | BOUNDS_SCOPE | BOUNDS_TABLE_SCOPE);
    static final HtmlTag LI = known("li", SPECIAL | CLOSES_PARAGRAPH);
    static final HtmlTag OL = known("ol", SPECIAL | CLOSES_PARAGRAPH | BOUNDS_LIST_SCOPE);
    static final HtmlTag OPTGROUP = known("optgroup", 0);
    static final HtmlTag OPTION = known("option", 0);
    static final HtmlTag P = known("p", SPECIAL | CLOSES_PARAGRAPH);
    static final HtmlTag TABLE = known("table", SPECIAL | BOUNDS_SCOPE | TABLE_SECTION | BOUNDS_TABLE_SCOPE);
    static final HtmlTag TD = known("td", SPECIAL | BOUNDS_SCOPE | MARKER | TABLE_PART);
    static final HtmlTag TEMPLATE = known("template", SPECIAL | BOUNDS_SCOPE | MARKER | BOUNDS_TABLE_SCOPE);
    static final HtmlTag TH = known("th", SPECIAL | BOUNDS_SCOPE | MARKER | TABLE_PART);
    static final HtmlTag TR = known("tr", SPECIAL | TABLE_PART);
    static final HtmlTag UL = known("ul", SPECIAL | CLOSES_PARAGRAPH | BOUNDS_LIST_SCOPE);

    static {
        for (String name : new String[] {"b", "big", "code", "em", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"}) {
            known(name, FORMATTING);
        }
        for (String name : new String[] {"area", "base", "basefont", "bgsound", "embed", "img", "input", "keygen",
                "link", "meta", "param", "source", "track", "wbr"}) {
            known(name, SPECIAL | VOID);
        }
        known("col", SPECIAL | VOID);
        known("frame", SPECIAL | VOID);
        known("hr", SPECIAL | VOID | CLOSES_PARAGRAPH);
        known("image", VOID);
        for (String name : new String[] {"article", "aside", "blockquote", "center", "details", "dialog", "dir", "dl",
                "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "listing", "main", "menu",
                "nav", "plaintext", "pre", "search", "section", "summary", "xmp"}) {
            known(name, SPECIAL | CLOSES_PARAGRAPH);
        }
        for (String name : new String[] {"h1", "h2", "h3", "h4", "h5", "h6"}) {
            known(name, SPECIAL | CLOSES_PARAGRAPH | HEADING);
        }
        for (String name : new String[] {"frameset", "head", "iframe", "noembed", "noframes", "noscript", "script",
                "select", "style", "textarea", "title"}) {
            known(name, SPECIAL);
        }
        for (String name : new String[] {"applet", "marquee", "object"}) {
            known(name, SPECIAL | BOUNDS_SCOPE | MARKER);
        }
        for (String name : new String[] {"abbr", "cite", "del", "ins", "label", "q", "span", "sub", "sup"}) {
            known(name, 0); // no rules of their own, but common: known, they are matched by identity
        }
        known("caption", SPECIAL | BOUNDS_SCOPE | MARKER | TABLE_PART);
        known("colgroup", SPECIAL | TABLE_PART);
        for (String name : new String[] {"tbody", "tfoot", "thead"}) {
            known(name, SPECIAL | TABLE_PART | TABLE_SECTION);
        }
    }

    final String name;
    /** The attribute that holds the element's link ({@code <a href>}, {@code <img src>}...), or null. */
    final HtmlAttributes.Name link;
    private final int flags;
    private final boolean known;
    private final int hash;
    private final Content content;

    private HtmlTag(String name, int flags, boolean known, Content content, HtmlAttributes.Name link) {
        this.name = name;
        this.link = link;
        this.flags = flags;
        this.known = known;
        this.hash = name.hashCode();
        this.content = content;
    }

    /** The tag named by {@code html[from, to)}, in any case, whose {@link HtmlNameKey} is {@code key}. */
    static HtmlTag of(long key, String html, int from, int to) {
        HtmlTag known = KNOWN.get(key);
        if (known != null) {
            return known;
        }
        return new HtmlTag(html.substring(from, to).toLowerCase(Locale.ROOT), 0, false, Content.MARKUP, null);
    }

    boolean is(int flag) {
        return (flags & flag) != 0;
    }

    /**
     * The same element name: one instance per known name, and equal names for others. End tags
     * are matched against every open element, so unequal names are told apart by their hash.
     */
    boolean sameAs(HtmlTag other) {
        return this == other || !known && !other.known && hash == other.hash && name.equals(other.name);
    }

    Content content() {
        return content;
    }

    @Override
    public String toString() {
        return name;
    }

    private static HtmlTag known(String name, int flags) {
        Content content = switch (name) {
            case "script", "style", "xmp", "iframe", "noembed", "noframes" -> Content.SKIPPED;
            case "title", "textarea" -> Content.TEXT;
            case "plaintext" -> Content.PLAIN;
            default -> Content.MARKUP;
        };
        HtmlAttributes.Name link = switch (name) {
            case "a", "area" -> HtmlAttributes.Name.HREF;
            case "img", "iframe", "frame", "embed", "script" -> HtmlAttributes.Name.SRC;
            case "form" -> HtmlAttributes.Name.ACTION;
            default -> null;
        };
        HtmlTag tag = new HtmlTag(name, flags, true, content, link);
        KNOWN.put(name, tag);
        return tag;
    }
}
