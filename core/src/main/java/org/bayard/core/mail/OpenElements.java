package org.bayard.core.mail;

import java.util.Arrays;

/**
 * The elements open at the current point of an HTML document, innermost on top, each with the
 * visibility and colours its text inherits. Start and end tags are applied with the few rules
 * of the HTML standard that decide what encloses a piece of text in mail:
 * <ul>
 *   <li>a new paragraph, list item, option, row or cell ends the previous one;</li>
 *   <li>an end tag closes the innermost element of its name within its scope, and everything
 *       opened inside it; an end tag that matches nothing is ignored;</li>
 *   <li>formatting closed that way stays in effect ({@link FormattingElements});</li>
 *   <li>text and elements straight inside a table, outside its cells, are shown before the
 *       table ("foster parenting"), so they do not take its colours.</li>
 * </ul>
 * Misnested tags are otherwise simply closed, not rebuilt into the tree a browser would make;
 * the order of text is the document's.
 */
final class OpenElements {

    /** Deeper start tags replace the innermost element: enough for any real mail, bounded for hostile mail. */
    static final int MAX_DEPTH = 256;

    /**
     * Where an end tag, or a start tag that ends an element, looks for its element: the open
     * elements down to the first with one of {@link #boundedBy}'s flags, one flag test per
     * element walked (a switch over the scope with comparisons against each bounding element
     * was a method C2 did not inline into the walk).
     */
    private enum Scope {
        DEFAULT(HtmlTag.BOUNDS_SCOPE),
        BUTTON(HtmlTag.BOUNDS_SCOPE | HtmlTag.BOUNDS_BUTTON_SCOPE),
        LIST_ITEM(HtmlTag.BOUNDS_SCOPE | HtmlTag.BOUNDS_LIST_SCOPE),
        TABLE(HtmlTag.BOUNDS_TABLE_SCOPE),
        INLINE(HtmlTag.SPECIAL);

        final int boundedBy;

        Scope(int boundedBy) {
            this.boundedBy = boundedBy;
        }
    }

    // Per depth, 0 being the document itself: the element, what it says about its own text
    // (HtmlStyle.NONE for a colour it does not set), and what its contents inherit.
    private HtmlTag[] tags = new HtmlTag[32];
    private boolean[] ownHides = new boolean[32];
    private int[] ownColor = new int[32];
    private int[] ownBackground = new int[32];
    private boolean[] hidden = new boolean[32];
    private int[] color = new int[32];
    private int[] background = new int[32];
    private int top;
    /** How many paragraphs are open: most blocks close one, and most of the time there is none to look for. */
    private int paragraphs;
    private final FormattingElements formatting = new FormattingElements();

    OpenElements() {
        tags[0] = HtmlTag.HTML; // the document: whatever the tags say, all text is inside html
        color[0] = HtmlStyle.BLACK;
        background[0] = HtmlStyle.WHITE;
    }

    /** Back to the start of a document, nothing open: the state of depth 0 never changes. */
    void clear() {
        top = 0;
        paragraphs = 0;
        formatting.clear();
    }

    /**
     * Whether text here cannot be seen, formatting closed by a block being reopened first. Colours
     * are judged where the text is: a dark table is not hidden if its cells set light text.
     */
    boolean hidesText(char[] chars, int from, int to) {
        formatting.reopen(this);
        boolean hiddenHere = hidesTextAt(top);
        if (!fosters(tags[top])) {
            return hiddenHere;
        }
        // Blank text stays in the table, other text goes before it. The blanks between a table's
        // tags are most of what is found there, and the two places mostly agree: the text is only
        // looked at when they do not.
        boolean hiddenBefore = hidesTextAt(fosterParent());
        return hiddenBefore == hiddenHere || isBlank(chars, from, to) ? hiddenHere : hiddenBefore;
    }

    private boolean hidesTextAt(int depth) {
        return hidden[depth] || HtmlStyle.unreadable(color[depth], background[depth]);
    }

    /**
     * A start tag, with what the element itself says about its text ({@link HtmlStyle#NONE} for
     * a colour it does not set). Returns false when the tag is ignored: a cell outside any table,
     * a second body.
     */
    boolean open(HtmlTag tag, boolean hides, int textColor, int backgroundColor) {
        if (tag.is(HtmlTag.TABLE_PART)) {
            if (!closeToTableContext(tag)) {
                return false;
            }
        } else if ((tag == HtmlTag.BODY || tag == HtmlTag.HTML) && find(tag, Scope.DEFAULT) >= 0) {
            return false;
        } else {
            impliedEnds(tag);
        }
        if (!tag.is(HtmlTag.SPECIAL)) {
            formatting.reopen(this); // before the new element, which the reopened formatting then encloses
        }
        if (tag.is(HtmlTag.VOID)) {
            return true;
        }
        push(tag, hides, textColor, backgroundColor);
        if (tag.is(HtmlTag.FORMATTING)) {
            formatting.add(tag, hides, textColor, backgroundColor, top);
        } else if (tag.is(HtmlTag.MARKER)) {
            formatting.addMarker(top);
        }
        return true;
    }

    /** An end tag. Returns false when it is ignored, so that it does not split a word either. */
    boolean close(HtmlTag tag) {
        int entry = tag.is(HtmlTag.FORMATTING) ? formatting.lastNamed(tag) : -1;
        if (entry >= 0) {
            return closeFormatting(tag, entry);
        }
        int at;
        if (tag == HtmlTag.BODY || tag == HtmlTag.HTML) {
            at = -1; // text after them still belongs to the body
        } else if (tag == HtmlTag.BR) {
            at = 0; // read as <br>
        } else if (tag == HtmlTag.P) {
            at = Math.max(0, find(tag, Scope.BUTTON)); // a stray </p> is an empty paragraph
        } else {
            at = find(tag, scopeOfEndTag(tag));
        }
        if (at < 0) {
            return false;
        }
        if (at > 0) {
            popTo(at - 1);
        }
        return true;
    }

    /**
     * Reopens one formatting element on top; returns its depth, or {@link FormattingElements#CLOSED}
     * at the depth bound, where reopening would only close another.
     */
    int reopen(HtmlTag tag, boolean hides, int textColor, int backgroundColor) {
        if (top == MAX_DEPTH) {
            return FormattingElements.CLOSED;
        }
        push(tag, hides, textColor, backgroundColor);
        return top;
    }

    /**
     * Ends a formatting element's effect. Inline elements opened inside it close with it (closed
     * formatting among them stays in effect), but a block opened inside it stays open, as in
     * {@code <font color=white><div>x</font>y</div>}: the standard moves the block out of the
     * formatting, so y is in the div and no longer white. {@code entry} is the element's
     * newest entry in the formatting list ({@link FormattingElements#lastNamed}).
     */
    private boolean closeFormatting(HtmlTag tag, int entry) {
        if (formatting.depth(entry) == FormattingElements.CLOSED) {
            formatting.remove(entry);
            return false;
        }
        int at = find(tag, Scope.DEFAULT);
        if (at < 0) {
            return false; // open outside the current table cell, say: out of reach
        }
        formatting.remove(entry);
        int block = at + 1;
        while (block <= top && !tags[block].is(HtmlTag.SPECIAL)) {
            block++;
        }
        if (block > top) {
            popTo(at - 1);
        } else {
            unwrap(at, block);
        }
        return true;
    }

    /** Takes the elements at depths [from, to) out; those above stay open and inherit anew. */
    private void unwrap(int from, int to) {
        int removed = to - from;
        formatting.removed(from, to);
        for (int i = to; i <= top; i++) {
            int at = i - removed;
            tags[at] = tags[i];
            ownHides[at] = ownHides[i];
            ownColor[at] = ownColor[i];
            ownBackground[at] = ownBackground[i];
            inherit(at, at - 1);
        }
        top -= removed;
    }

    private void impliedEnds(HtmlTag tag) {
        int link = tag == HtmlTag.A ? formatting.lastNamed(tag) : -1;
        if (link >= 0) {
            closeFormatting(tag, link); // links do not nest: a new one ends the last
        }
        if (tag.is(HtmlTag.CLOSES_PARAGRAPH) && paragraphs > 0) {
            closeInScope(HtmlTag.P, Scope.BUTTON);
        }
        if (tag == HtmlTag.LI || tag == HtmlTag.DD || tag == HtmlTag.DT) {
            closeListItem(tag);
        } else if (tag == HtmlTag.OPTION || tag == HtmlTag.OPTGROUP) {
            closeIfCurrent(HtmlTag.OPTION);
            if (tag == HtmlTag.OPTGROUP) {
                closeIfCurrent(HtmlTag.OPTGROUP);
            }
        } else if (tag.is(HtmlTag.HEADING) && tags[top].is(HtmlTag.HEADING)) {
            popTo(top - 1);
        }
    }

    /**
     * A new item ends the open one (a definition term or description ends either), unless a
     * block other than a div, paragraph or address lies between.
     */
    private void closeListItem(HtmlTag item) {
        for (int i = top; i > 0; i--) {
            HtmlTag open = tags[i];
            if (item == HtmlTag.LI ? open == HtmlTag.LI : open == HtmlTag.DD || open == HtmlTag.DT) {
                popTo(i - 1);
                return;
            }
            if (open.is(HtmlTag.SPECIAL) && open != HtmlTag.ADDRESS && open != HtmlTag.DIV && open != HtmlTag.P) {
                return;
            }
        }
    }

    private void closeIfCurrent(HtmlTag tag) {
        if (tags[top] == tag) {
            popTo(top - 1);
        }
    }

    private void closeInScope(HtmlTag tag, Scope scope) {
        int at = find(tag, scope);
        if (at > 0) {
            popTo(at - 1);
        }
    }

    /**
     * A cell, row or section closes what is open inside the part of the table that holds it:
     * a cell closes up to its row, a row up to its section or table. Returns false when no
     * table is open, where browsers ignore these tags.
     */
    private boolean closeToTableContext(HtmlTag tag) {
        for (int i = top; i > 0; i--) {
            HtmlTag open = tags[i];
            boolean holds;
            if (tag == HtmlTag.TD || tag == HtmlTag.TH) {
                holds = open == HtmlTag.TR || open.is(HtmlTag.TABLE_SECTION);
            } else if (tag == HtmlTag.TR) {
                holds = open.is(HtmlTag.TABLE_SECTION);
            } else {
                holds = open == HtmlTag.TABLE;
            }
            if (holds) {
                popTo(i); // a cell straight in a table gets no row: an implied row would change nothing read
                return true;
            }
        }
        return false;
    }

    /** A table, section or row holds no text of its own: what is found there is shown before the table. */
    private static boolean fosters(HtmlTag tag) {
        return tag.is(HtmlTag.TABLE_SECTION) || tag == HtmlTag.TR;
    }

    /** The depth whose state content misplaced in a table takes: the table's parent. */
    private int fosterParent() {
        for (int i = top; i > 0; i--) {
            if (tags[i] == HtmlTag.TABLE) {
                return i - 1;
            }
        }
        return top;
    }

    private static boolean isBlank(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(chars[i])) {
                return false;
            }
        }
        return true;
    }

    private static Scope scopeOfEndTag(HtmlTag tag) {
        if (tag == HtmlTag.LI) {
            return Scope.LIST_ITEM;
        }
        if (tag.is(HtmlTag.TABLE_PART | HtmlTag.TABLE_SECTION)) {
            return Scope.TABLE;
        }
        return tag.is(HtmlTag.SPECIAL | HtmlTag.FORMATTING) ? Scope.DEFAULT : Scope.INLINE;
    }

    /** The depth of the innermost open element with this name (any heading for a heading) in scope, or -1. */
    private int find(HtmlTag tag, Scope scope) {
        boolean heading = tag.is(HtmlTag.HEADING);
        for (int i = top; i >= 0; i--) {
            HtmlTag open = tags[i];
            if (open.sameAs(tag) || heading && open.is(HtmlTag.HEADING)) {
                return i;
            }
            if (open.is(scope.boundedBy)) {
                return -1;
            }
        }
        return -1;
    }

    private void push(HtmlTag tag, boolean hides, int textColor, int backgroundColor) {
        int parent = fosters(tags[top]) && !tag.is(HtmlTag.TABLE_PART | HtmlTag.TABLE_SECTION) ? fosterParent() : top;
        if (top == MAX_DEPTH) {
            popTo(top - 1); // the new element replaces the innermost
            parent = Math.min(parent, top);
        }
        top++;
        ensureCapacity();
        tags[top] = tag;
        if (tag == HtmlTag.P) {
            paragraphs++;
        }
        ownHides[top] = hides;
        ownColor[top] = textColor;
        ownBackground[top] = backgroundColor;
        inherit(top, parent);
    }

    private void inherit(int at, int parent) {
        hidden[at] = hidden[parent] || ownHides[at];
        color[at] = ownColor[at] == HtmlStyle.NONE ? color[parent] : ownColor[at];
        background[at] = ownBackground[at] == HtmlStyle.NONE ? background[parent] : ownBackground[at];
    }

    private void popTo(int depth) {
        for (; top > depth; top--) {
            if (tags[top] == HtmlTag.P) {
                paragraphs--;
            }
        }
        formatting.closedAbove(depth);
    }

    private void ensureCapacity() {
        if (top == tags.length) {
            int n = Math.min(2 * tags.length, MAX_DEPTH + 1);
            tags = Arrays.copyOf(tags, n);
            ownHides = Arrays.copyOf(ownHides, n);
            ownColor = Arrays.copyOf(ownColor, n);
            ownBackground = Arrays.copyOf(ownBackground, n);
            hidden = Arrays.copyOf(hidden, n);
            color = Arrays.copyOf(color, n);
            background = Arrays.copyOf(background, n);
        }
    }
}
