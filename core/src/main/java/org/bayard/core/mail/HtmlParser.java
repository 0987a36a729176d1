package org.bayard.core.mail;

import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.jsoup.parser.TagSet;

/**
 * jsoup's HTML parser, one per thread, kept from one part to the next.
 *
 * <p>What is worth keeping is the parser's {@link TagSet}: a fresh one copies each tag it meets
 * from jsoup's shared defaults, and works out its parsing options, on every part, a few percent
 * of the parse. Reusing it changes no tree: the only thing a parse writes into a known tag is
 * whether it was seen self-closing, which jsoup reads only to print HTML, never to build the tree;
 * an unknown tag is created the same way whichever part meets it first.
 *
 * <p>Hostile mail can invent any number of tag names, each of which the set would keep, so once
 * it holds more than a bound it is replaced by a fresh one before the next part.
 */
final class HtmlParser {

    /** jsoup's tree depth bound; deeper tags are flattened by jsoup, which is fine for text. */
    private static final int MAX_TREE_DEPTH = 256;

    /** Real mail uses a few dozen tag names; a set this big is mostly invented ones. */
    static final int MAX_KNOWN_TAGS = 1000;

    private static final ThreadLocal<HtmlParser> PER_THREAD = ThreadLocal.withInitial(() -> new HtmlParser(MAX_KNOWN_TAGS));

    private final Parser parser = Parser.htmlParser().setMaxDepth(MAX_TREE_DEPTH);
    private final int maxTags;
    private int tags;

    HtmlParser(int maxTags) {
        this.maxTags = maxTags;
        renewTags();
    }

    /** Parses with the calling thread's parser. */
    static Document parseHtml(String html) {
        return PER_THREAD.get().parse(html);
    }

    Document parse(String html) {
        if (tags > maxTags) {
            renewTags();
        }
        return parser.parseInput(html, "");
    }

    /** How many tags the current tag set holds: every tag it has met, known or invented. */
    int tags() {
        return tags;
    }

    private void renewTags() {
        tags = 0;
        parser.tagSet(TagSet.Html().onNewTag(tag -> tags++));
    }
}
