package org.bayard.core.mail;

import java.util.Arrays;
import java.util.Locale;

/**
 * The attributes of the tag being read that the reader uses, kept as positions in the document.
 * A tag's attributes are mostly ones never asked for (class, width, face), so each name is
 * recognized once as it is read, and a value is copied out, with its references decoded, only
 * when asked for. The first of repeated attributes wins, as in browsers. Reused from tag to tag.
 */
final class HtmlAttributes {

    /** The attributes that decide what text is hidden and which links a message has. */
    enum Name {
        ACTION, BACKGROUND, BGCOLOR, COLOR, HIDDEN, HREF, SIZE, SRC, STYLE, TEXT;

        final String lowerCase = name().toLowerCase(Locale.ROOT);
    }

    private static final Name[] NAMES = Name.values();

    private final String html;
    private final int[] valueFrom = new int[NAMES.length];
    private final int[] valueTo = new int[NAMES.length];
    private boolean none = true;

    HtmlAttributes(String html) {
        this.html = html;
        clear();
    }

    void clear() {
        Arrays.fill(valueFrom, -1);
        none = true;
    }

    void add(int nameFrom, int nameTo, int from, int to) {
        Name name = recognize(nameFrom, nameTo);
        if (name != null && valueFrom[name.ordinal()] < 0) {
            valueFrom[name.ordinal()] = from;
            valueTo[name.ordinal()] = to;
            none = false;
        }
    }

    /** Whether the tag has none of the attributes the reader uses: most tags, which need no more look. */
    boolean isEmpty() {
        return none;
    }

    boolean has(Name name) {
        return valueFrom[name.ordinal()] >= 0;
    }

    /** The value, decoded; "" when the attribute is absent or has no value. */
    String get(Name name) {
        int from = valueFrom[name.ordinal()];
        return from < 0 ? "" : HtmlEntities.decodeAttribute(html, from, valueTo[name.ordinal()]);
    }

    private Name recognize(int from, int to) {
        Name candidate = switch (to - from) {
            case 3 -> Name.SRC;
            case 4 -> switch (HtmlTag.lowerAscii(html.charAt(from))) {
                case 'h' -> Name.HREF;
                case 's' -> Name.SIZE;
                default -> Name.TEXT;
            };
            case 5 -> HtmlTag.lowerAscii(html.charAt(from)) == 's' ? Name.STYLE : Name.COLOR;
            case 6 -> HtmlTag.lowerAscii(html.charAt(from)) == 'h' ? Name.HIDDEN : Name.ACTION;
            case 7 -> Name.BGCOLOR;
            case 10 -> Name.BACKGROUND;
            default -> null;
        };
        return candidate != null && HtmlTag.matches(html, from, candidate.lowerCase) ? candidate : null;
    }
}
