package org.bayard.core.mail;

import java.util.Arrays;

/**
 * Formatting elements ({@code <font>}, {@code <b>}, {@code <a>}...) that are in effect, whether
 * or not they are still open. A block that ends implicitly closes the formatting elements inside
 * it, and browsers open them again for the text that follows, so that in
 * {@code <p><font size=1>tiny<p>still tiny} both paragraphs are tiny: mail written by old
 * editors depends on this, and spam hides text with it. This is the standard's "list of active
 * formatting elements", kept per element as its name, what it does to text, and the depth it is
 * open at (or {@link #CLOSED}). A table cell starts a list of its own (a marker), so that
 * formatting never leaks into or out of a cell.
 */
final class FormattingElements {

    static final int CLOSED = -1;

    /** Hostile mail can open any number; real mail has a handful in effect at once. */
    static final int MAX_ENTRIES = 32;

    /** The standard's limit on identical entries, which keeps {@code <b><b><b>...} from piling up. */
    private static final int MAX_IDENTICAL = 3;

    // Per entry, oldest first. A marker has no tag, and the depth of the cell that made it.
    private HtmlTag[] tags = new HtmlTag[8];
    private boolean[] hides = new boolean[8];
    private int[] color = new int[8];
    private int[] background = new int[8];
    private int[] depth = new int[8];
    private int size;
    /** How many entries are closed: text asks for reopening all the time, and there is rarely any. */
    private int closed;

    void add(HtmlTag tag, boolean hidesText, int textColor, int backgroundColor, int at) {
        int identical = 0;
        int oldestIdentical = -1;
        for (int i = size - 1; i >= 0 && tags[i] != null; i--) {
            if (tags[i] == tag && hides[i] == hidesText && color[i] == textColor && background[i] == backgroundColor) {
                identical++;
                oldestIdentical = i;
            }
        }
        if (identical >= MAX_IDENTICAL) {
            remove(oldestIdentical);
        }
        append(tag, hidesText, textColor, backgroundColor, at);
    }

    void addMarker(int at) {
        append(null, false, HtmlStyle.NONE, HtmlStyle.NONE, at);
    }

    void clear() {
        size = 0;
        closed = 0;
    }

    /** The newest entry for this element since the last marker, or -1. */
    int lastNamed(HtmlTag tag) {
        for (int i = size - 1; i >= 0 && tags[i] != null; i--) {
            if (tags[i] == tag) {
                return i;
            }
        }
        return -1;
    }

    int depth(int entry) {
        return depth[entry];
    }

    void remove(int entry) {
        if (depth[entry] == CLOSED) {
            closed--;
        }
        // Entries move down one by one: the removed one is nearly always the newest or next to
        // it, and five array copies of none or one entry each cost more than the moves.
        for (int i = entry + 1; i < size; i++) {
            tags[i - 1] = tags[i];
            hides[i - 1] = hides[i];
            color[i - 1] = color[i];
            background[i - 1] = background[i];
            depth[i - 1] = depth[i];
        }
        size--;
    }

    /** Everything deeper than {@code top} was closed: its formatting stays in effect, a cell's list ends. */
    void closedAbove(int top) {
        for (int i = size - 1; i >= 0; i--) {
            if (depth[i] > top) {
                if (tags[i] == null) {
                    truncate(i);
                } else {
                    depth[i] = CLOSED;
                    closed++;
                }
            }
        }
    }

    /** The elements at depths [from, to) were taken out from under the ones above, which moved down. */
    void removed(int from, int to) {
        for (int i = 0; i < size; i++) {
            if (depth[i] >= to) {
                depth[i] -= to - from;
            } else if (depth[i] >= from) {
                depth[i] = CLOSED;
                closed++;
            }
        }
    }

    /** Opens again, oldest first, every closed entry since the last marker, by way of {@code reopen}. */
    void reopen(OpenElements elements) {
        if (closed == 0) {
            return;
        }
        int first = size;
        while (first > 0 && tags[first - 1] != null) {
            first--;
        }
        for (int i = first; i < size; i++) {
            if (depth[i] == CLOSED) {
                depth[i] = elements.reopen(tags[i], hides[i], color[i], background[i]);
                if (depth[i] != CLOSED) {
                    closed--;
                }
            }
        }
    }

    /** Drops the entries from {@code from} on. */
    private void truncate(int from) {
        for (int i = from; i < size; i++) {
            if (depth[i] == CLOSED) {
                closed--;
            }
        }
        size = from;
    }

    private void append(HtmlTag tag, boolean hidesText, int textColor, int backgroundColor, int at) {
        if (size == MAX_ENTRIES) {
            remove(0);
        }
        if (size == tags.length) {
            int n = Math.min(2 * size, MAX_ENTRIES);
            tags = Arrays.copyOf(tags, n);
            hides = Arrays.copyOf(hides, n);
            color = Arrays.copyOf(color, n);
            background = Arrays.copyOf(background, n);
            depth = Arrays.copyOf(depth, n);
        }
        tags[size] = tag;
        hides[size] = hidesText;
        color[size] = textColor;
        background[size] = backgroundColor;
        depth[size] = at;
        size++;
    }
}
