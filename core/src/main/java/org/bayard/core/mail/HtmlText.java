package org.bayard.core.mail;

import org.bayard.core.mail.HtmlAttributes.Name;

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

    /**
     * Each thread's reader, kept with its buffers and stacks from part to part: a new one per
     * part allocated its stacks and grew its buffers from nothing each time, and copied the
     * document into a new array ({@link HtmlScanner}).
     */
    private static final ThreadLocal<HtmlText> READERS = ThreadLocal.withInitial(HtmlText::new);

    private final HtmlScanner scanner = new HtmlScanner(this);
    private final HtmlTextBuffer run = new HtmlTextBuffer(256);
    private final HtmlStyle style = new HtmlStyle();
    private final OpenElements open = new OpenElements();
    private MailVisitor visitor;
    private boolean runHidden;

    static void extract(String html, MailVisitor visitor) {
        HtmlText reader = READERS.get();
        if (reader.visitor != null) {
            reader = new HtmlText(); // called again from within a visitor: the thread's reader is busy
        }
        reader.read(html, visitor);
    }

    private void read(String html, MailVisitor visitor) {
        this.visitor = visitor;
        try {
            scanner.scan(html);
            boundary(); // the document's end, which closes whatever is still open
            flush();
        } finally {
            this.visitor = null;
            run.clear();
            run.trimTo(HtmlScanner.MAX_KEPT_CHARS);
            runHidden = false;
            open.clear();
        }
    }

    @Override
    public void text(char[] chars, int from, int to) {
        boolean isHidden = open.hidesText(chars, from, to);
        if (isHidden != runHidden) {
            flush();
            runHidden = isHidden;
        }
        run.append(chars, from, to);
    }

    @Override
    public void startTag(HtmlTag tag, HtmlAttributes attributes) {
        boolean opened = attributes.isEmpty() || tag.is(HtmlTag.VOID)
                ? open.open(tag, false, HtmlStyle.NONE, HtmlStyle.NONE)
                : openStyled(tag, attributes);
        if (opened) {
            if (!attributes.isEmpty()) {
                links(tag, attributes);
            }
            boundary();
        }
    }

    @Override
    public void endTag(HtmlTag tag) {
        if (open.close(tag)) {
            boundary();
        }
    }

    /**
     * What the element says about its own text: the {@code hidden} attribute, {@code <font>}'s
     * size and colour, {@code bgcolor}, and the inline style, which overrides the attributes.
     */
    private boolean openStyled(HtmlTag tag, HtmlAttributes attributes) {
        boolean hides = attributes.has(Name.HIDDEN);
        int color = HtmlStyle.NONE;
        if (tag == HtmlTag.FONT) {
            hides |= attributes.tinyFontSize();
            color = attributes.color(Name.COLOR);
        } else if (tag == HtmlTag.BODY) {
            color = attributes.color(Name.TEXT); // light text on a dark page is no hidden text
        }
        int background = attributes.color(Name.BGCOLOR);
        if (attributes.has(Name.STYLE)) {
            attributes.parseStyle(style);
            hides |= style.hides;
            color = orElse(style.color, color);
            background = orElse(style.background, background);
        }
        return open.open(tag, hides, color, background);
    }

    private static int orElse(int value, int fallback) {
        return value == HtmlStyle.NONE ? fallback : value;
    }

    private void links(HtmlTag tag, HtmlAttributes attributes) {
        if (tag.link != null && attributes.has(tag.link)) {
            String url = attributes.get(tag.link).strip();
            if (!url.isEmpty() && !url.startsWith("#") && url.length() <= BareUrls.MAX_URL_CHARS) {
                visitor.url(url);
            }
        }
        if (attributes.has(Name.BACKGROUND)) { // rare: most tags are spared the copies below
            String url = attributes.get(Name.BACKGROUND).strip();
            if (url.toLowerCase(Locale.ROOT).startsWith("http")) {
                visitor.url(url);
            }
        }
    }

    private void boundary() {
        if (!run.isEmpty() && run.charAt(run.length() - 1) != ' ') {
            run.append(' ');
        }
    }

    private void flush() {
        if (!run.isBlank()) {
            String text = run.toString();
            visitor.text(text, runHidden ? TextOrigin.HTML_HIDDEN : TextOrigin.HTML);
            BareUrls.find(text, visitor);
        }
        run.clear();
    }
}
