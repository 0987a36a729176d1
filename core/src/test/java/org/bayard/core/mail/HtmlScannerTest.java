package org.bayard.core.mail;

import org.bayard.core.mail.HtmlAttributes.Name;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class HtmlScannerTest {

    /** One line per piece: text in brackets, tags with the attributes the reader uses. */
    private static List<String> scan(String html) {
        List<String> pieces = new ArrayList<>();
        HtmlScanner.scan(html, new HtmlScanner.Sink() {
            @Override
            public void text(char[] chars, int from, int to) {
                pieces.add("[" + new String(chars, from, to - from) + "]");
            }

            @Override
            public void startTag(HtmlTag tag, HtmlAttributes attributes) {
                StringBuilder s = new StringBuilder("<" + tag);
                for (Name name : Name.values()) {
                    if (attributes.has(name)) {
                        s.append(' ').append(name.lowerCase).append("=").append(attributes.get(name));
                    }
                }
                pieces.add(s.append('>').toString());
            }

            @Override
            public void endTag(HtmlTag tag) {
                pieces.add("</" + tag + ">");
            }
        });
        return pieces;
    }

    @Test
    void tagsAndTextInOrderWithNamesInLowerCase() {
        assertThat(scan("a<B>b</B >c<Foo-Bar>d</foo-bar>")).containsExactly(
                "[a]", "<b>", "[b]", "</b>", "[c]", "<foo-bar>", "[d]", "</foo-bar>");
    }

    @Test
    void nothingBetweenTagsOrAroundCommentsIsNoText() {
        assertThat(scan("<b><i></i></b><!-- c --><br><!---->x<p></p>")).containsExactly(
                "<b>", "<i>", "</i>", "</b>", "<br>", "[x]", "<p>", "</p>");
    }

    @Test
    void attributesQuotedUnquotedBareAndRepeated() {
        assertThat(scan("<a HREF = \"http://x/?a=1&amp;b\" href='second'><font color=red size=1 hidden>"))
                .containsExactly("<a href=http://x/?a=1&b>", "<font color=red hidden= size=1>");
        assertThat(scan("<img/src=\"i.gif\"/><td style=display:none/>x")).containsExactly(
                "<img src=i.gif>", "<td style=display:none/>", "[x]");
    }

    @Test
    void everyUsedNameIsRecognisedInAnyCaseAndNamesThatOnlyStartLikeOneAreNot() {
        StringBuilder tag = new StringBuilder("<p");
        StringBuilder expected = new StringBuilder("<p");
        for (Name name : Name.values()) {
            String mixedCase = Character.toUpperCase(name.lowerCase.charAt(0)) + name.lowerCase.substring(1);
            tag.append(' ').append(mixedCase).append("s=no ").append(mixedCase).append("=v");
            expected.append(' ').append(name.lowerCase).append("=v");
        }
        assertThat(scan(tag.append('>').toString())).containsExactly(expected.append('>').toString());
        assertThat(scan("<a hreflang=x h=x =href=x \u00e9href=x href2=x>")).containsExactly("<a>");
    }

    @Test
    void commentsInAllTheirFormsAreDropped() {
        assertThat(scan("fr<!-- x -->ee<!---->a<!-->b<!--->c<!-- y --!>d<!-- -- -->e")).containsExactly(
                "[fr]", "[ee]", "[a]", "[b]", "[c]", "[d]", "[e]");
    }

    @Test
    void doctypesProcessingInstructionsAndBogusEndTagsAreDropped() {
        assertThat(scan("<!DOCTYPE html>a<?xml version='1.0'?>b<![CDATA[c]]>d</3>e</>f")).containsExactly(
                "[a]", "[b]", "[d]", "[e]", "[f]");
    }

    @Test
    void aLessThanSignThatStartsNoTagIsText() {
        assertThat(scan("a<3 b < c <")).containsExactly("[a<3 b < c <]");
        assertThat(scan("x</")).containsExactly("[x</]");
        assertThat(scan("<<b>")).containsExactly("[<]", "<b>");
    }

    @Test
    void whatTheDocumentCutsOffIsDropped() {
        assertThat(scan("a<b href=\"x")).containsExactly("[a]");
        assertThat(scan("a<b")).containsExactly("[a]");
        assertThat(scan("a<!-- never closed <b>b</b>")).containsExactly("[a]");
        assertThat(scan("a</b")).containsExactly("[a]");
    }

    @Test
    void scriptsAndStylesAreSkippedToTheirEndTagInAnyCase() {
        assertThat(scan("<script src=s.js>if (a<b) x='</scripts>'</SCRIPT >t<style>p{}</style>")).containsExactly(
                "<script src=s.js>", "</script>", "[t]", "<style>", "</style>");
        assertThat(scan("<xmp><b>x</b></xmp><iframe>y</iframe><noembed>z</noembed><noframes>w</noframes>v"))
                .containsExactly("<xmp>", "</xmp>", "<iframe>", "</iframe>", "<noembed>", "</noembed>",
                        "<noframes>", "</noframes>", "[v]");
        assertThat(scan("<style>never closed <p>text")).containsExactly("<style>");
    }

    @Test
    void titleAndTextareaHoldTextWithReferencesButNoTags() {
        assertThat(scan("<title>a<b>&amp;</title><textarea>c</textarea>")).containsExactly(
                "<title>", "[a<b>&]", "</title>", "<textarea>", "[c]", "</textarea>");
    }

    @Test
    void plaintextRunsToTheEndAsWritten() {
        assertThat(scan("<plaintext>a<b>&amp;</plaintext>")).containsExactly("<plaintext>", "[a<b>&amp;</plaintext>]");
    }

    @Test
    void textReferencesAreDecoded() {
        assertThat(scan("<p>caf&eacute;&nbsp;&#233;</p>")).containsExactly("<p>", "[café\u00a0é]", "</p>");
    }

    @Test
    void onlyThePiecesThatHoldAReferenceAreDecodedWhereverTheNextAmpersandIs() {
        // the next '&' is looked for once and kept: here it is in a tag, then in later pieces, then nowhere
        assertThat(scan("a&b<a href=\"?x=1&amp;y=2\">b&lt;</a>c<br>d&gt;<title>&amp;</title>e&f")).containsExactly(
                "[a&b]", "<a href=?x=1&y=2>", "[b<]", "</a>", "[c]", "<br>", "[d>]", "<title>", "[&]", "</title>", "[e&f]");
        assertThat(scan("<b>x</b>y&amp;")).containsExactly("<b>", "[x]", "</b>", "[y&]");
    }

    /**
     * Ten megabytes of '<', and two (a whole message at the default scan limit) of each of the
     * rest. The limit is loose on purpose, as in {@code HtmlTextTest}: a quadratic step takes
     * minutes, and a busy shared machine once took this test past 10 s.
     */
    @Test
    void hostileInputsTakeLinearTime() {
        int mb = 2 << 20;
        List<String> inputs = List.of(
                "<".repeat(5 * mb),
                "<a".repeat(mb / 2),
                "</".repeat(mb / 2),
                "<!--".repeat(mb / 4),
                "<!-".repeat(mb / 3),
                "-->--".repeat(mb / 5),
                "<a href=\"" + "x".repeat(mb),
                "<a " + "b=c ".repeat(mb / 4) + ">",
                "<script>" + "</scrip".repeat(mb / 7),
                "&".repeat(mb),
                "&#".repeat(mb / 2),
                "&amp".repeat(mb / 4),
                "<b>x</b>&".repeat(mb / 9));
        HtmlScanner.Sink discard = new HtmlScanner.Sink() {
            @Override
            public void text(char[] chars, int from, int to) {}

            @Override
            public void startTag(HtmlTag tag, HtmlAttributes attributes) {}

            @Override
            public void endTag(HtmlTag tag) {}
        };
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String html : inputs) {
                HtmlScanner.scan(html, discard);
            }
        });
    }
}
