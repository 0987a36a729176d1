package org.bayard.core.mail;

import org.jsoup.nodes.Attributes;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

import java.util.Arrays;
import java.util.Locale;

/**
 * HTML to text, telling visible from hidden text, and the links found on the way.
 *
 * <p>Every element boundary becomes a space: jsoup's own {@code text()} would turn
 * {@code now<a>click</a>} into "nowclick". Comments are not boundaries, so
 * {@code fr<!-- -->ee} reads "free", as the reader sees it. Text is delivered in runs: a run
 * ends where visibility changes, so hidden words never pair up with visible ones.
 *
 * <p>The tree is walked here rather than with jsoup's {@code NodeTraversor}: a plain loop over
 * child lists, with the path kept in arrays indexed by depth, needs none of the traversor's
 * checks for a tree changed under it, and elements without attributes (most of them) skip every
 * attribute lookup.
 */
final class HtmlText {

    private final MailVisitor visitor;
    private final StringBuilder run = new StringBuilder();
    private final HtmlStyle style = new HtmlStyle();
    private boolean runHidden;

    // Per tree depth, index 0 being the document: the open element, how many of its children
    // were visited, and the state its children inherit.
    private Element[] path = new Element[32];
    private int[] visited = new int[32];
    private boolean[] hidden = new boolean[32];
    private int[] fg = new int[32];
    private int[] bg = new int[32];

    private HtmlText(MailVisitor visitor) {
        this.visitor = visitor;
        fg[0] = HtmlStyle.BLACK;
        bg[0] = HtmlStyle.WHITE;
    }

    static void extract(String html, MailVisitor visitor) {
        HtmlText walk = new HtmlText(visitor);
        walk.walk(HtmlParser.parseHtml(html));
        walk.flush();
    }

    /** Depth first, in document order; every element start and end is a boundary, the document's end too. */
    private void walk(Document document) {
        path[0] = document;
        visited[0] = 0;
        int depth = 0;
        while (depth >= 0) {
            Element parent = path[depth];
            int i = visited[depth];
            if (i == parent.childNodeSize()) {
                boundary();
                depth--;
                continue;
            }
            visited[depth] = i + 1;
            Node child = parent.childNode(i);
            if (child instanceof TextNode text) {
                // colours are judged where the text is: a dark table is not hidden if its cells set light text
                append(text.getWholeText(), hidden[depth] || HtmlStyle.unreadable(fg[depth], bg[depth]));
            } else if (child instanceof Element element) {
                depth++;
                ensure(depth);
                path[depth] = element;
                visited[depth] = 0;
                open(element, depth);
            }
        }
    }

    private void open(Element element, int depth) {
        if (element.attributesSize() == 0) {
            // attributesSize, unlike attributes(), does not create an empty Attributes object
            hidden[depth] = hidden[depth - 1];
            fg[depth] = fg[depth - 1];
            bg[depth] = bg[depth - 1];
        } else {
            Attributes attributes = element.attributes();
            inherit(element, attributes, depth);
            links(element, attributes);
        }
        boundary();
    }

    /**
     * An absent attribute reads as "", which every check below treats like an absent one, so
     * each attribute is looked up once ({@code getIgnoreCase}, as jsoup's {@code attr} does).
     */
    private void inherit(Element e, Attributes attributes, int depth) {
        int color = fg[depth - 1];
        int background = bg[depth - 1];
        boolean hides = hidden[depth - 1] || attributes.hasKeyIgnoreCase("hidden");
        if (e.normalName().equals("font")) {
            hides |= HtmlStyle.tinyFontAttribute(attributes.getIgnoreCase("size"));
            color = orElse(HtmlStyle.color(attributes.getIgnoreCase("color")), color);
        }
        background = orElse(HtmlStyle.color(attributes.getIgnoreCase("bgcolor")), background);
        String inline = attributes.getIgnoreCase("style");
        if (!inline.isEmpty()) {
            style.parse(inline);
            hides |= style.hides;
            color = orElse(style.color, color);
            background = orElse(style.background, background);
        }
        hidden[depth] = hides;
        fg[depth] = color;
        bg[depth] = background;
    }

    private static int orElse(int value, int fallback) {
        return value == HtmlStyle.NONE ? fallback : value;
    }

    private void links(Element e, Attributes attributes) {
        String attr = switch (e.normalName()) {
            case "a", "area" -> "href";
            case "img", "iframe", "frame", "embed", "script" -> "src";
            case "form" -> "action";
            default -> null;
        };
        if (attr != null) {
            String url = attributes.getIgnoreCase(attr).strip();
            if (!url.isEmpty() && !url.startsWith("#") && url.length() <= BareUrls.MAX_URL_CHARS) {
                visitor.url(url);
            }
        }
        String url = attributes.getIgnoreCase("background").strip();
        if (url.toLowerCase(Locale.ROOT).startsWith("http")) {
            visitor.url(url);
        }
    }

    private void append(String text, boolean isHidden) {
        if (text.isEmpty()) {
            return;
        }
        if (isHidden != runHidden) {
            flush();
            runHidden = isHidden;
        }
        run.append(text);
    }

    private void boundary() {
        if (!run.isEmpty() && run.charAt(run.length() - 1) != ' ') {
            run.append(' ');
        }
    }

    private void flush() {
        String text = run.toString();
        if (!text.isBlank()) {
            visitor.text(text, runHidden ? TextOrigin.HTML_HIDDEN : TextOrigin.HTML);
            BareUrls.find(text, visitor);
        }
        run.setLength(0);
    }

    private void ensure(int depth) {
        if (depth >= hidden.length) {
            int n = Math.max(depth + 1, hidden.length * 2);
            path = Arrays.copyOf(path, n);
            visited = Arrays.copyOf(visited, n);
            hidden = Arrays.copyOf(hidden, n);
            fg = Arrays.copyOf(fg, n);
            bg = Arrays.copyOf(bg, n);
        }
    }
}
