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
 *       table, so they do not take its colours.</li>
 * </ul>
 * Misnested tags are otherwise simply closed, not rebuilt into the tree a browser would make;
 * the order of text is the document's.
 */
final class OpenElements {

    /** Deeper start tags replace the innermost element: enough for any real mail, bounded for hostile mail. */
    static final int MAX_DEPTH = 256;

    private enum Scope { DEFAULT, BUTTON, LIST_ITEM, TABLE, INLINE }

    // Per depth, 0 being the document itself: the element's name and what its contents inherit.
    private String[] names = new String[32];
    private boolean[] hidden = new boolean[32];
    private int[] color = new int[32];
    private int[] background = new int[32];
    private int top;
    private final FormattingElements formatting = new FormattingElements();

    OpenElements() {
        names[0] = "#document";
        color[0] = HtmlStyle.BLACK;
        background[0] = HtmlStyle.WHITE;
    }

    /**
     * Whether text here cannot be seen, formatting closed by a block being reopened first. Colours
     * are judged where the text is: a dark table is not hidden if its cells set light text.
     */
    boolean hidesText(CharSequence chars, int from, int to) {
        formatting.reopen(this);
        int at = isTableContext(names[top]) && !isBlank(chars, from, to) ? fosterParent() : top;
        return hidden[at] || HtmlStyle.unreadable(color[at], background[at]);
    }

    /**
     * A start tag, with what the element itself says about its text ({@link HtmlStyle#NONE} for
     * a colour it does not set). Returns false when the tag is ignored: a cell outside any table,
     * a second body.
     */
    boolean open(String name, boolean hides, int textColor, int backgroundColor) {
        if (HtmlTags.isTablePart(name)) {
            if (!closeToTableContext(name)) {
                return false;
            }
        } else if ((name.equals("body") || name.equals("html")) && find(name, Scope.DEFAULT) > 0) {
            return false;
        } else {
            impliedEnds(name);
        }
        if (!HtmlTags.isSpecial(name)) {
            formatting.reopen(this); // before the new element, which the reopened formatting then encloses
        }
        if (HtmlTags.isVoid(name)) {
            return true;
        }
        push(name, hides, textColor, backgroundColor);
        if (FormattingElements.isFormatting(name)) {
            formatting.add(name, hides, textColor, backgroundColor, top);
        } else if (FormattingElements.isMarker(name)) {
            formatting.addMarker(top);
        }
        return true;
    }

    /** An end tag. Returns false when it is ignored, so that it does not split a word either. */
    boolean close(String name) {
        if (FormattingElements.isFormatting(name) && formatting.lastNamed(name) >= 0) {
            return closeFormatting(name);
        }
        int at = switch (name) {
            case "body", "html" -> -1; // text after them still belongs to the body
            case "br" -> 0; // read as <br>
            case "p" -> Math.max(0, find(name, Scope.BUTTON)); // a stray </p> is an empty paragraph
            case "li" -> find(name, Scope.LIST_ITEM);
            default -> find(name, scopeOfEndTag(name));
        };
        if (at < 0) {
            return false;
        }
        if (at > 0) {
            popTo(at - 1);
        }
        return true;
    }

    /** Reopens one formatting element on top; returns its depth. */
    int reopen(String name, boolean hides, int textColor, int backgroundColor) {
        push(name, hides, textColor, backgroundColor);
        return top;
    }

    /**
     * Ends a formatting element's effect: closes it with whatever was opened inside it, where the
     * standard would move blocks out of it (a simplification that leaves the blocks' own style
     * to the text after it). Closed formatting inside it stays in effect.
     */
    private boolean closeFormatting(String name) {
        int entry = formatting.lastNamed(name);
        if (formatting.depth(entry) == FormattingElements.CLOSED) {
            formatting.remove(entry);
            return false;
        }
        int at = find(name, Scope.DEFAULT);
        if (at < 0) {
            return false; // open outside the current table cell, say: out of reach
        }
        formatting.remove(entry);
        popTo(at - 1);
        return true;
    }

    private void impliedEnds(String name) {
        if (name.equals("a") && formatting.lastNamed("a") >= 0) {
            closeFormatting("a"); // links do not nest: a new one ends the last
        }
        if (HtmlTags.closesParagraph(name)) {
            closeInScope("p", Scope.BUTTON);
        }
        switch (name) {
            case "li", "dd", "dt" -> closeListItem(name);
            case "option" -> closeIfCurrent("option");
            case "optgroup" -> {
                closeIfCurrent("option");
                closeIfCurrent("optgroup");
            }
            default -> {
                if (HtmlTags.isHeading(name) && HtmlTags.isHeading(names[top])) {
                    popTo(top - 1);
                }
            }
        }
    }

    /**
     * A new item ends the open one (a definition term or description ends either), unless a
     * block other than a div, paragraph or address lies between.
     */
    private void closeListItem(String item) {
        boolean definition = !item.equals("li");
        for (int i = top; i > 0; i--) {
            String open = names[i];
            if (definition ? open.equals("dd") || open.equals("dt") : open.equals("li")) {
                popTo(i - 1);
                return;
            }
            if (HtmlTags.isSpecial(open) && !open.equals("address") && !open.equals("div") && !open.equals("p")) {
                return;
            }
        }
    }

    private void closeIfCurrent(String name) {
        if (names[top].equals(name)) {
            popTo(top - 1);
        }
    }

    private void closeInScope(String name, Scope scope) {
        int at = find(name, scope);
        if (at > 0) {
            popTo(at - 1);
        }
    }

    /**
     * A cell, row or section closes what is open inside the part of the table that holds it:
     * a cell closes up to its row, a row up to its section or table. Returns false when no
     * table is open, where browsers ignore these tags.
     */
    private boolean closeToTableContext(String name) {
        for (int i = top; i > 0; i--) {
            String open = names[i];
            boolean holds = switch (name) {
                case "td", "th" -> open.equals("tr") || isSection(open);
                case "tr" -> isSection(open);
                default -> open.equals("table");
            };
            if (holds) {
                popTo(i); // a cell straight in a table gets no row: an implied row would change nothing read
                return true;
            }
        }
        return false;
    }

    private static boolean isSection(String name) {
        return name.equals("tbody") || name.equals("thead") || name.equals("tfoot") || name.equals("table");
    }

    /** Where a table holds only rows and cells; anything else found there is shown before the table. */
    private static boolean isTableContext(String name) {
        return isSection(name) || name.equals("tr");
    }

    /** The depth whose state content misplaced in a table takes: the table's parent. */
    private int fosterParent() {
        for (int i = top; i > 0; i--) {
            if (names[i].equals("table")) {
                return i - 1;
            }
        }
        return top;
    }

    private static boolean isBlank(CharSequence chars, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isWhitespace(chars.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Scope scopeOfEndTag(String name) {
        if (HtmlTags.isTablePart(name) || name.equals("table")) {
            return Scope.TABLE;
        }
        return HtmlTags.isSpecial(name) || FormattingElements.isFormatting(name) ? Scope.DEFAULT : Scope.INLINE;
    }

    /** The depth of the innermost open element of this name (any heading for a heading) in scope, or -1. */
    private int find(String name, Scope scope) {
        boolean heading = HtmlTags.isHeading(name);
        for (int i = top; i > 0; i--) {
            String open = names[i];
            if (open.equals(name) || heading && HtmlTags.isHeading(open)) {
                return i;
            }
            if (stops(scope, open)) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean stops(Scope scope, String open) {
        return switch (scope) {
            case DEFAULT -> HtmlTags.boundsScope(open);
            case BUTTON -> HtmlTags.boundsScope(open) || open.equals("button");
            case LIST_ITEM -> HtmlTags.boundsScope(open) || open.equals("ol") || open.equals("ul");
            case TABLE -> open.equals("table") || open.equals("html") || open.equals("template");
            case INLINE -> HtmlTags.isSpecial(open);
        };
    }

    private void push(String name, boolean hides, int textColor, int backgroundColor) {
        int parent = isTableContext(names[top]) && !HtmlTags.isTablePart(name) && !name.equals("table") ? fosterParent() : top;
        if (top == MAX_DEPTH) {
            popTo(top - 1); // the new element replaces the innermost
            parent = Math.min(parent, top);
        }
        top++;
        ensureCapacity();
        names[top] = name;
        hidden[top] = hidden[parent] || hides;
        color[top] = textColor == HtmlStyle.NONE ? color[parent] : textColor;
        background[top] = backgroundColor == HtmlStyle.NONE ? background[parent] : backgroundColor;
    }

    private void popTo(int depth) {
        top = depth;
        formatting.closedAbove(depth);
    }

    private void ensureCapacity() {
        if (top == names.length) {
            int n = Math.min(2 * names.length, MAX_DEPTH + 1);
            names = Arrays.copyOf(names, n);
            hidden = Arrays.copyOf(hidden, n);
            color = Arrays.copyOf(color, n);
            background = Arrays.copyOf(background, n);
        }
    }
}
