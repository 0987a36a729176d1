package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
    void attributeNamesAreReadInAnyCase() {
        Recorder r = extract("<DIV STYLE='DISPLAY:NONE'>shouty</DIV><A HREF='http://u.example'>up</A>"
                + "<table><tr><td BACKGROUND='HTTP://bg.example/i.png'>cell</td></tr></table>");
        assertThat(r.events).containsExactly(
                "url http://u.example", "text HTML_HIDDEN shouty ", "url HTTP://bg.example/i.png", "text HTML up cell ");
    }
}
