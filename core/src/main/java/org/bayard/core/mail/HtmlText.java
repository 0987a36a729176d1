package org.bayard.core.mail;

import java.util.Locale;

/**
 * HTML to text, telling visible from hidden text, and the links found on the way.
 *
 * <p>Every element boundary becomes a space, so {@code now<a>click</a>} reads "now click".
 * Comments are not boundaries, so {@code fr<!-- -->ee} reads "free", as the reader sees it; nor
 * is an end tag that closes nothing. Text is delivered in runs: a run ends where visibility
 * changes, so hidden words never pair up with visible ones.
 *
 * <p>The document is read in one pass ({@link HtmlScanner}) with the open elements kept on a
 * stack ({@link OpenElements}) rather than built into a tree: text only needs to know what
 * encloses it, and mail needs no more of the tree than that.
 */
final class HtmlText implements HtmlScanner.Sink {

    private final MailVisitor visitor;
    private final StringBuilder run = new StringBuilder();
    private final HtmlStyle style = new HtmlStyle();
    private final OpenElements open = new OpenElements();
    private boolean runHidden;

    private HtmlText(MailVisitor visitor) {
        this.visitor = visitor;
    }

    static void extract(String html, MailVisitor visitor) {
        HtmlText text = new HtmlText(visitor);
        HtmlScanner.scan(html, text);
        text.boundary(); // the document's end, which closes whatever is still open
        text.flush();
    }

    @Override
    public void text(CharSequence chars, int from, int to) {
        boolean isHidden = open.hidesText(chars, from, to);
        if (isHidden != runHidden) {
            flush();
            runHidden = isHidden;
        }
        run.append(chars, from, to);
    }

    @Override
    public void startTag(String name, HtmlAttributes attributes) {
        boolean opened = attributes.isEmpty() || HtmlTags.isVoid(name)
                ? open.open(name, false, HtmlStyle.NONE, HtmlStyle.NONE)
                : openStyled(name, attributes);
        if (opened) {
            if (!attributes.isEmpty()) {
                links(name, attributes);
            }
            boundary();
        }
    }

    @Override
    public void endTag(String name) {
        if (open.close(name)) {
            boundary();
        }
    }

    /**
     * What the element says about its own text: the {@code hidden} attribute, {@code <font>}'s
     * size and colour, {@code bgcolor}, and the inline style, which overrides the attributes.
     */
    private boolean openStyled(String name, HtmlAttributes attributes) {
        boolean hides = attributes.has("hidden");
        int color = HtmlStyle.NONE;
        if (name.equals("font")) {
            hides |= HtmlStyle.tinyFontAttribute(attributes.get("size"));
            color = HtmlStyle.color(attributes.get("color"));
        }
        int background = HtmlStyle.color(attributes.get("bgcolor"));
        String inline = attributes.get("style");
        if (!inline.isEmpty()) {
            style.parse(inline);
            hides |= style.hides;
            color = orElse(style.color, color);
            background = orElse(style.background, background);
        }
        return open.open(name, hides, color, background);
    }

    private static int orElse(int value, int fallback) {
        return value == HtmlStyle.NONE ? fallback : value;
    }

    private void links(String name, HtmlAttributes attributes) {
        String attr = switch (name) {
            case "a", "area" -> "href";
            case "img", "iframe", "frame", "embed", "script" -> "src";
            case "form" -> "action";
            default -> null;
        };
        if (attr != null) {
            String url = attributes.get(attr).strip();
            if (!url.isEmpty() && !url.startsWith("#") && url.length() <= BareUrls.MAX_URL_CHARS) {
                visitor.url(url);
            }
        }
        String url = attributes.get("background").strip();
        if (url.toLowerCase(Locale.ROOT).startsWith("http")) {
            visitor.url(url);
        }
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
}
