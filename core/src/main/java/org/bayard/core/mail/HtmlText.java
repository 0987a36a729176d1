package org.bayard.core.mail;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.Arrays;
import java.util.Locale;

/**
 * HTML to text, telling visible from hidden text, and the links found on the way.
 *
 * <p>Every element boundary becomes a space: jsoup's own {@code text()} would turn
 * {@code now<a>click</a>} into "nowclick". Comments are not boundaries, so
 * {@code fr<!-- -->ee} reads "free", as the reader sees it. Text is delivered in runs: a run
 * ends where visibility changes, so hidden words never pair up with visible ones.
 */
final class HtmlText implements NodeVisitor {

    /** jsoup's tree depth bound; deeper tags are flattened by jsoup, which is fine for text. */
    private static final int MAX_TREE_DEPTH = 256;

    private final MailVisitor visitor;
    private final StringBuilder run = new StringBuilder();
    private final HtmlStyle style = new HtmlStyle();
    private boolean runHidden;

    // Inherited state per tree depth; index 0 is the document.
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
        Parser parser = Parser.htmlParser().setMaxDepth(MAX_TREE_DEPTH);
        NodeTraversor.traverse(walk, parser.parseInput(html, ""));
        walk.flush();
    }

    @Override
    public void head(Node node, int depth) {
        if (node instanceof TextNode text) {
            int parent = depth - 1;
            // colours are judged where the text is: a dark table is not hidden if its cells set light text
            append(text.getWholeText(), parent >= 0 && (hidden[parent] || HtmlStyle.unreadable(fg[parent], bg[parent])));
        } else if (node instanceof Element element && depth > 0) {
            ensure(depth);
            inherit(element, depth);
            links(element);
            boundary();
        }
    }

    @Override
    public void tail(Node node, int depth) {
        if (node instanceof Element) {
            boundary();
        }
    }

    private void inherit(Element e, int depth) {
        int color = fg[depth - 1];
        int background = bg[depth - 1];
        boolean hides = hidden[depth - 1] || e.hasAttr("hidden");
        String tag = e.normalName();
        if (tag.equals("font")) {
            hides |= HtmlStyle.tinyFontAttribute(e.attr("size"));
            color = orElse(HtmlStyle.color(e.attr("color")), color);
        }
        if (e.hasAttr("bgcolor")) {
            background = orElse(HtmlStyle.color(e.attr("bgcolor")), background);
        }
        if (e.hasAttr("style")) {
            style.parse(e.attr("style"));
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

    private void links(Element e) {
        String attr = switch (e.normalName()) {
            case "a", "area" -> "href";
            case "img", "iframe", "frame", "embed", "script" -> "src";
            case "form" -> "action";
            default -> null;
        };
        if (attr != null && e.hasAttr(attr)) {
            String url = e.attr(attr).strip();
            if (!url.isEmpty() && !url.startsWith("#") && url.length() <= BareUrls.MAX_URL_CHARS) {
                visitor.url(url);
            }
        }
        if (e.hasAttr("background")) {
            String url = e.attr("background").strip();
            if (url.toLowerCase(Locale.ROOT).startsWith("http")) {
                visitor.url(url);
            }
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
            hidden = Arrays.copyOf(hidden, n);
            fg = Arrays.copyOf(fg, n);
            bg = Arrays.copyOf(bg, n);
        }
    }
}
