package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class HtmlTextTest {

    private static Recorder extract(String html) {
        Recorder r = new Recorder();
        HtmlText.extract(html, r);
        return r;
    }

    @Test
    void runsEndWhereVisibilityChangesAndLinksComeAsTheirElementsOpen() {
        Recorder r = extract("<p>one<b>two</b></p><span style='display:none'>secret <a href=' http://h.example/x '>link</a></span>three");
        assertThat(r.events).containsExactly(
                "text HTML one two ",
                "url http://h.example/x",
                "text HTML_HIDDEN secret link ",
                "text HTML three ");
    }

    @Test
    void hiddenIsInheritedThroughDeepNestingAndEndsWithIt() {
        String deep = "<div style='display:none'>" + "<div>".repeat(100) + "deep" + "</div>".repeat(100) + "</div>after";
        assertThat(extract(deep).events).containsExactly("text HTML_HIDDEN deep ", "text HTML after ");
    }

    @Test
    void aDocumentStartsWithNothingOpenWhateverTheOneBeforeLeftOpen() {
        // the thread's reader is reused: hidden elements, formatting and a half-filled run must not carry over
        assertThat(extract("<div style='display:none'><font color=white><table><tr><td>cut off &amp").events)
                .containsExactly("text HTML_HIDDEN cut off & ");
        assertThat(extract("<p>shown &amp; told").events).containsExactly("text HTML shown & told ");
        assertThat(extract("<b>" + "x ".repeat(HtmlScanner.MAX_KEPT_CHARS) + "</b>").events).hasSize(1);
        assertThat(extract("plain <i>text</i>").events).containsExactly("text HTML plain text ");
    }

    @Test
    void aVisitorMayReadAnotherDocumentWhileOneIsRead() {
        Recorder outer = new Recorder();
        Recorder inner = new Recorder();
        HtmlText.extract("<p>before<span style='display:none'>hidden</span>after <a href='http://u.example/'>x</a>", new MailVisitor() {
            @Override
            public void header(String name, String value, int depth) {}

            @Override
            public void part(PartInfo part) {}

            @Override
            public void text(CharSequence text, TextOrigin origin) {
                outer.text(text, origin);
                if (inner.events.isEmpty()) {
                    HtmlText.extract("<span hidden>inner</span>", inner);
                }
            }

            @Override
            public void url(String url) {
                outer.url(url);
            }

            @Override
            public void anomaly(String code) {}
        });
        assertThat(inner.events).containsExactly("text HTML_HIDDEN inner ");
        assertThat(outer.events).containsExactly(
                "text HTML before ", "text HTML_HIDDEN hidden ", "url http://u.example/", "text HTML after x ");
    }

    @Test
    void attributeNamesAreReadInAnyCase() {
        Recorder r = extract("<DIV STYLE='DISPLAY:NONE'>shouty</DIV><A HREF='http://u.example'>up</A>"
                + "<table><tr><td BACKGROUND='HTTP://bg.example/i.png'>cell</td></tr></table>");
        assertThat(r.events).containsExactly(
                "url http://u.example", "text HTML_HIDDEN shouty ", "url HTTP://bg.example/i.png", "text HTML up cell ");
    }

    @Test
    void paragraphsListItemsOptionsAndCellsEndTheirPredecessors() {
        assertThat(extract("<p style=display:none>a<div>b</div>c").events).containsExactly("text HTML_HIDDEN a ", "text HTML b c ");
        assertThat(extract("<ul><li hidden>a<li>b</ul>").events).containsExactly("text HTML_HIDDEN a ", "text HTML b ");
        assertThat(extract("<dl><dt hidden>a<dd>b</dl>").events).containsExactly("text HTML_HIDDEN a ", "text HTML b ");
        assertThat(extract("<select><option hidden>a<option>b</select>").events).containsExactly("text HTML_HIDDEN a ", "text HTML b ");
        assertThat(extract("<table><tr hidden><td>a<td>b<tr><td>c</table>").events).containsExactly("text HTML_HIDDEN a b ", "text HTML c ");
    }

    @Test
    void formattingClosedByABlockIsReopenedForTheTextAfterIt() {
        assertThat(extract("<p><font size=1>tiny</p><p>still tiny</p>").events).containsExactly("text HTML_HIDDEN tiny still tiny ");
        assertThat(extract("<ul><li><font color=white>a<li>b</ul>c").events).containsExactly("text HTML_HIDDEN a b c ");
        assertThat(extract("<p><font size=1>tiny</p></font>normal").events).containsExactly("text HTML_HIDDEN tiny ", "text HTML normal ");
    }

    @Test
    void formattingDoesNotLeakIntoOrOutOfATableCell() {
        assertThat(extract("<font size=1><table><tr><td>cell</td></tr></table></font>").events).containsExactly("text HTML_HIDDEN cell ");
        assertThat(extract("<table><tr><td><font size=1>a</td><td>b</td></tr></table>c").events)
                .containsExactly("text HTML_HIDDEN a ", "text HTML b c ");
    }

    @Test
    void anEndTagClosesWhatWasOpenedInsideIt() {
        assertThat(extract("<font color=white><div>x</font>y</div>z").events).containsExactly("text HTML_HIDDEN x ", "text HTML y z ");
        assertThat(extract("<div hidden><span>x</div>y").events).containsExactly("text HTML_HIDDEN x ", "text HTML y ");
        // an inline end tag does not reach past a block: the span stays open, and hides z too
        assertThat(extract("<span hidden><div>x</span>y</div>z").events).containsExactly("text HTML_HIDDEN xy z ");
    }

    @Test
    void anEndTagLooksForItsElementOnlyUpToWhatBoundsItsScope() {
        // a button bounds a </p>'s look, a list an </li>'s, a table a </tr>'s, a cell any other's
        assertThat(extract("<p hidden>a<button>b</p>c</button>d</p>e").events)
                .containsExactly("text HTML_HIDDEN a b c d ", "text HTML e ");
        assertThat(extract("<ul><li hidden>a<ul>b</li>c</ul>d</li>e").events)
                .containsExactly("text HTML_HIDDEN a bc d ", "text HTML e ");
        assertThat(extract("<table><tr hidden><td>a<table><td>b</tr>c</table>d</tr>e</table>f").events)
                .containsExactly("text HTML_HIDDEN a bc d ", "text HTML e f ");
        assertThat(extract("<div hidden><table><tr><td>a</div>b</td></tr></table>c</div>d").events)
                .containsExactly("text HTML_HIDDEN ab c ", "text HTML d ");
        assertThat(extract("<p><font size=1>a<p><span>b</font>c</span>d").events)
                .containsExactly("text HTML_HIDDEN a b ", "text HTML cd ");
    }

    @Test
    void endTagsThatCloseNothingAreIgnoredAndSplitNoWord() {
        assertThat(extract("fr</span>ee</div>do</td>m</body>s</html>!").events).containsExactly("text HTML freedoms! ");
        assertThat(extract("a</p>b<br/>c</br>d").events).containsExactly("text HTML a b c d ");
    }

    @Test
    void tablePartsOutsideATableAreIgnored() {
        assertThat(extract("<td style=display:none>a</td>b<tr hidden>c").events).containsExactly("text HTML abc ");
    }

    @Test
    void textStraightInsideATableTakesTheColoursAroundTheTable() {
        // browsers show it before the table: black on white here, while the cell is black on black
        Recorder r = extract("<table bgcolor=black><font color=black>shown<tr><td>cell</td></tr></table>");
        assertThat(r.events).containsExactly("text HTML shown ", "text HTML_HIDDEN cell ");
    }

    @Test
    void blanksStraightInsideATableStayInIt() {
        // "shown" goes before the dark table, so it is visible; the line break between the cells stays in the table, hidden, and parts the cells' runs
        Recorder r = extract("<table bgcolor=black><tr>shown<td><font color=white>a</font></td>\n<td><font color=white>b</font></td></tr></table>");
        assertThat(r.events).containsExactly("text HTML shown a ", "text HTML b ");
    }

    @Test
    void aNewLinkEndsTheOpenOne() {
        Recorder r = extract("<a style='background:#8bb5e2'>x<a href='http://u.example/'>y</a><font color=#8bb5e2>z</font>");
        assertThat(r.events).containsExactly("url http://u.example/", "text HTML x y z ");
    }

    @Test
    void thePageTextColourCountsAgainstThePageBackground() {
        assertThat(extract("<body bgcolor=#000000 text=#ffff00>shown<font color=black>dark</font>").events)
                .containsExactly("text HTML shown ", "text HTML_HIDDEN dark ");
        assertThat(extract("<body bgcolor=#000000>default black</body>").events).containsExactly("text HTML_HIDDEN default black ");
    }

    @Test
    void theBodyLastsToTheEndOfTheDocument() {
        assertThat(extract("<body style=display:none>a</body></html> b").events).containsExactly("text HTML_HIDDEN a b ");
    }

    @Test
    void nestingPastTheDepthBoundStillInheritsAndEnds() {
        String deep = "<div style='display:none'>" + "<div>".repeat(1000) + "<span style='color:red'>deep</span>"
                + "</div>".repeat(1001) + "after";
        assertThat(extract(deep).events).containsExactly("text HTML_HIDDEN deep ", "text HTML after ");
    }

    /**
     * Each would take minutes if some step were quadratic; here they take a fraction of a second
     * each. Ten megabytes of '<', and two (a whole message at the default scan limit) of the rest.
     * The limit is loose on purpose: on the shared 2-core machine, under a load of 15, the ten
     * took 18 to 21 s in all, and a quadratic step would still take far longer than a minute.
     */
    @Test
    void hostileDocumentsTakeLinearTime() {
        int mb = 2 << 20;
        StringBuilder colours = new StringBuilder();
        for (int i = 0; colours.length() < mb; i++) {
            colours.append("<font color=#").append(Integer.toHexString(0x100000 + (i & 0xfffff))).append(">x");
        }
        List<String> documents = List.of(
                "<".repeat(5 * mb),
                "<div>".repeat(mb / 5),
                "</div>".repeat(mb / 6),
                "<b>".repeat(mb / 3),
                colours.toString(),
                "<p><font color=red>x".repeat(mb / 20),
                "<b>".repeat(40) + "</p>x".repeat(mb / 5),
                "<table><td>".repeat(mb / 11),
                "<x>".repeat(300) + "</y>".repeat(mb / 4),
                "<font color=white><div>x</font>".repeat(mb / 30));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (String html : documents) {
                HtmlText.extract(html, new Recorder());
            }
        });
    }
}
