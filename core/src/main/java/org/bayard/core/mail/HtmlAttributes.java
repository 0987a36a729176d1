package org.bayard.core.mail;

import java.util.Locale;

/**
 * The attributes of the tag being read that the reader uses, kept as positions in the document.
 * A tag's attributes are mostly ones never asked for (class, width, face), so each name is
 * recognized once as it is read, by its {@link HtmlNameKey}, and a value is copied out, with its
 * references decoded, only when asked for. The first of repeated attributes wins, as in
 * browsers. Reused from tag to tag: which names are present is one bit each, so starting the
 * next tag clears one int.
 */
final class HtmlAttributes {

    /** The attributes that decide what text is hidden and which links a message has. */
    enum Name {
        ACTION, BACKGROUND, BGCOLOR, COLOR, HIDDEN, HREF, SIZE, SRC, STYLE, TEXT;

        final String lowerCase = name().toLowerCase(Locale.ROOT);
        final int bit = 1 << ordinal();
    }

    private static final int NAME_COUNT = Name.values().length;
    /** Every attribute of every tag is looked up: by its key in a table, not compared with each used name in turn. */
    private static final HtmlNameTable<Name> NAMES = new HtmlNameTable<>(NAME_COUNT);

    static {
        for (Name name : Name.values()) {
            NAMES.put(name.lowerCase, name);
        }
    }

    private String html;
    /** The document's chars, as the scanner copied them: common values are read from here. */
    private char[] doc;
    private final int[] valueFrom = new int[NAME_COUNT];
    private final int[] valueTo = new int[NAME_COUNT];
    private int present;

    /** Starts on the attributes of another document's tags (null when done with one). */
    void start(String html, char[] doc) {
        this.html = html;
        this.doc = doc;
        present = 0;
    }

    void clear() {
        present = 0;
    }

    /** An attribute whose name has the {@link HtmlNameKey} {@code nameKey}, and value {@code html[from, to)}. */
    void add(long nameKey, int from, int to) {
        Name name = NAMES.get(nameKey);
        if (name != null && (present & name.bit) == 0) {
            valueFrom[name.ordinal()] = from;
            valueTo[name.ordinal()] = to;
            present |= name.bit;
        }
    }

    /** Whether the tag has none of the attributes the reader uses: most tags, which need no more look. */
    boolean isEmpty() {
        return present == 0;
    }

    boolean has(Name name) {
        return (present & name.bit) != 0;
    }

    /** The value, decoded; "" when the attribute is absent or has no value. */
    String get(Name name) {
        return has(name) ? HtmlEntities.decodeAttribute(html, from(name), to(name)) : "";
    }

    /** The colour the value names ({@link HtmlStyle#color}), read in place when it has no references. */
    int color(Name name) {
        if (!has(name)) {
            return HtmlStyle.NONE;
        }
        int common = CommonHtmlValues.hexColor(doc, from(name), to(name));
        if (common != HtmlStyle.NONE) {
            return common;
        }
        return hasReference(name) ? HtmlStyle.color(get(name)) : HtmlStyle.color(html, from(name), to(name));
    }

    /** Whether the {@code size} attribute names a tiny font ({@link HtmlStyle#tinyFontAttribute}), read in place when it has no references. */
    boolean tinyFontSize() {
        if (!has(Name.SIZE)) {
            return false;
        }
        int common = CommonHtmlValues.fontSize(doc, from(Name.SIZE), to(Name.SIZE));
        if (common != CommonHtmlValues.OTHER_SHAPE) {
            return common == CommonHtmlValues.TINY;
        }
        return hasReference(Name.SIZE) ? HtmlStyle.tinyFontAttribute(get(Name.SIZE)) : HtmlStyle.tinyFontAttribute(html, from(Name.SIZE), to(Name.SIZE));
    }

    /** Reads the {@code style} attribute into {@code style} ({@link HtmlStyle#parse}), in place when it has no references. */
    void parseStyle(HtmlStyle style) {
        if (!has(Name.STYLE)) {
            style.parse(null);
        } else if (hasReference(Name.STYLE)) {
            style.parse(get(Name.STYLE));
        } else {
            style.parse(html, from(Name.STYLE), to(Name.STYLE));
        }
    }

    /** Where the value of present attribute {@code name} starts in the document. */
    private int from(Name name) {
        return valueFrom[name.ordinal()];
    }

    /** Where the value of present attribute {@code name} ends in the document. */
    private int to(Name name) {
        return valueTo[name.ordinal()];
    }

    /** Whether the value of present attribute {@code name} holds a character reference, so must be decoded to be read. */
    private boolean hasReference(Name name) {
        return html.indexOf('&', from(name), to(name)) >= 0;
    }
}
