package org.bayard.core.mail;

/**
 * What the reader needs to know about element names (lower case), from the HTML standard's
 * parsing rules; unknown names are ordinary inline elements.
 */
final class HtmlTags {

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

    private HtmlTags() {}

    static Content content(String name) {
        return switch (name) {
            case "script", "style", "xmp", "iframe", "noembed", "noframes" -> Content.SKIPPED;
            case "title", "textarea" -> Content.TEXT;
            case "plaintext" -> Content.PLAIN;
            default -> Content.MARKUP;
        };
    }

    /** Elements that never have contents, so are never open. */
    static boolean isVoid(String name) {
        return switch (name) {
            case "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input",
                 "keygen", "link", "meta", "param", "source", "track", "wbr" -> true;
            default -> false;
        };
    }

    /** Blocks whose start ends an open paragraph. */
    static boolean closesParagraph(String name) {
        return switch (name) {
            case "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "dd",
                 "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
                 "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "search",
                 "section", "summary", "ul", "xmp" -> true;
            default -> false;
        };
    }

    /**
     * Elements with parsing rules of their own ("special" in the standard): an end tag for an
     * ordinary inline element does not close one of these, nor anything outside it.
     */
    static boolean isSpecial(String name) {
        return switch (name) {
            case "address", "applet", "article", "aside", "blockquote", "body", "button", "caption", "center",
                 "colgroup", "dd", "details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
                 "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "html", "iframe",
                 "li", "listing", "main", "marquee", "menu", "nav", "noembed", "noframes", "noscript", "object", "ol",
                 "p", "plaintext", "pre", "script", "search", "section", "select", "style", "summary", "table",
                 "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "ul", "xmp" -> true;
            default -> false;
        };
    }

    /**
     * Elements that bound a scope: an end tag or an implied end looks for its element only inside
     * the innermost of these, so that {@code </div>} in a table cell does not close a div
     * around the table.
     */
    static boolean boundsScope(String name) {
        return switch (name) {
            case "applet", "caption", "html", "marquee", "object", "table", "td", "template", "th" -> true;
            default -> false;
        };
    }

    static boolean isHeading(String name) {
        return name.length() == 2 && name.charAt(0) == 'h' && name.charAt(1) >= '1' && name.charAt(1) <= '6';
    }

    /** Parts of a table below the table itself. */
    static boolean isTablePart(String name) {
        return switch (name) {
            case "caption", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr" -> true;
            default -> false;
        };
    }
}
