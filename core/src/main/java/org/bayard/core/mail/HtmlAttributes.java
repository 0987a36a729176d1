package org.bayard.core.mail;

import java.util.Arrays;

/**
 * The attributes of the tag being read, kept as positions in the document: a tag's attributes are
 * mostly ones never asked for (class, width, face), so names are compared in place and a value
 * is copied out, with its references decoded, only when asked for. Reused from tag to tag.
 */
final class HtmlAttributes {

    /** Real tags have a handful; past this many, later ones are read over and dropped. */
    static final int MAX_ATTRIBUTES = 64;

    private final String html;
    // Per attribute: name start and end, value start and end (equal for an attribute without one).
    private int[] bounds = new int[4 * 8];
    private int count;

    HtmlAttributes(String html) {
        this.html = html;
    }

    void clear() {
        count = 0;
    }

    /** Adds one; a repeated name is kept but never read, since the first one wins. */
    void add(int nameFrom, int nameTo, int valueFrom, int valueTo) {
        if (count == MAX_ATTRIBUTES) {
            return;
        }
        if (4 * count == bounds.length) {
            bounds = Arrays.copyOf(bounds, 2 * bounds.length);
        }
        int at = 4 * count++;
        bounds[at] = nameFrom;
        bounds[at + 1] = nameTo;
        bounds[at + 2] = valueFrom;
        bounds[at + 3] = valueTo;
    }

    boolean isEmpty() {
        return count == 0;
    }

    boolean has(String name) {
        return find(name) >= 0;
    }

    /** The value, decoded; "" when the attribute is absent or has no value. */
    String get(String name) {
        int at = find(name);
        return at < 0 ? "" : HtmlEntities.decodeAttribute(html, bounds[at + 2], bounds[at + 3]);
    }

    /** @param name lower case */
    private int find(String name) {
        for (int at = 0; at < 4 * count; at += 4) {
            int from = bounds[at];
            if (bounds[at + 1] - from == name.length() && html.regionMatches(true, from, name, 0, name.length())) {
                return at;
            }
        }
        return -1;
    }
}
