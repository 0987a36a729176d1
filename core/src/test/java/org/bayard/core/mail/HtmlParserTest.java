package org.bayard.core.mail;

import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlParserTest {

    /** Tags seen self-closing, unknown tags in both cases, and the tree builder's repairs. */
    private static final List<String> TRICKY = List.of(
            "<p>one<foo/>two<div/>three<br/>four</p>",
            "<FOO a=1>x</foo><Bar>y</BAR><foo>z",
            "<table><tr><td>a<b>b</table>c<x-y>d</x-y>",
            "<p>a<b>b<p>c</b>d<i>e<div>f</i>g",
            "<svg><Foo viewBox='0 0 1 1'/></svg><foo/>after",
            "<font size=1 color=red>tiny<font/>next</font>");

    @Test
    void aReusedParserBuildsTheTreesAFreshParserBuilds() {
        HtmlParser reused = new HtmlParser(HtmlParser.MAX_KNOWN_TAGS);
        List<String> twice = new ArrayList<>(TRICKY);
        twice.addAll(TRICKY.reversed());
        for (String html : twice) {
            String fresh = tree(Parser.htmlParser().parseInput(html, ""));
            assertThat(tree(reused.parse(html))).as(html).isEqualTo(fresh);
        }
    }

    @Test
    void keepsItsTagsFromOnePartToTheNext() {
        HtmlParser parser = new HtmlParser(HtmlParser.MAX_KNOWN_TAGS);
        parser.parse("<p>one <b>two</b> <i>three</i></p>");
        int tags = parser.tags();
        parser.parse("<p>four</p>"); // a fresh set would hold fewer tags: no b, no i
        assertThat(tags).isPositive();
        assertThat(parser.tags()).isEqualTo(tags);
    }

    @Test
    void startsAFreshTagSetOnceInventedTagsPassTheBound() {
        HtmlParser parser = new HtmlParser(20);
        StringBuilder invented = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            invented.append("<x").append(i).append(">w</x").append(i).append('>');
        }
        parser.parse(invented.toString());
        assertThat(parser.tags()).isGreaterThan(50);
        parser.parse("<p>plain</p>");
        assertThat(parser.tags()).isLessThan(20);
        assertThat(tree(parser.parse(invented.toString()))).isEqualTo(tree(Parser.htmlParser().parseInput(invented.toString(), "")));
    }

    /** The tree as text: names, attributes and text, without jsoup's printer (which does read self-closing marks). */
    private static String tree(Node node) {
        StringBuilder out = new StringBuilder();
        tree(node, 0, out);
        return out.toString();
    }

    private static void tree(Node node, int depth, StringBuilder out) {
        out.append("  ".repeat(depth));
        if (node instanceof TextNode text) {
            out.append('"').append(text.getWholeText()).append('"');
        } else {
            out.append(node.nodeName());
            if (node instanceof Element element) {
                out.append(' ').append(element.normalName()).append(' ').append(element.tag().namespace());
            }
            for (Attribute a : node.attributes()) {
                out.append(' ').append(a.getKey()).append('=').append(a.getValue());
            }
        }
        out.append('\n');
        for (Node child : node.childNodes()) {
            tree(child, depth + 1, out);
        }
    }
}
