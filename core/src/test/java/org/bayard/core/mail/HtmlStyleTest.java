package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlStyleTest {

    private final HtmlStyle style = new HtmlStyle();

    @Test
    void readsTheDeclarationsThatHideTextInAnyCaseAndSpacing() {
        assertThat(style.parse("DISPLAY : None").hides).isTrue();
        assertThat(style.parse("font-family:arial; visibility:hidden").hides).isTrue();
        assertThat(style.parse("margin:0;font-size:1px;").hides).isTrue();
        assertThat(style.parse("opacity: 0.01 !important").hides).isTrue();
        assertThat(style.parse("display:block; font-size:12px; opacity:1").hides).isFalse();
    }

    @Test
    void readsColoursAndTheFirstColourOfTheBackgroundShorthand() {
        style.parse("color:#FEFEFE !important;background:url(x.gif) white no-repeat");
        assertThat(style.color).isEqualTo(0xfefefe);
        assertThat(style.background).isEqualTo(HtmlStyle.WHITE);
        style.parse("background-color: rgb(0, 0, 128)");
        assertThat(style.color).isEqualTo(HtmlStyle.NONE);
        assertThat(style.background).isEqualTo(0x000080);
    }

    @Test
    void aValueRunsToTheNextSemicolonAndOnlyItsFirstColonSplitsIt() {
        assertThat(style.parse("color:red:blue").color).isEqualTo(HtmlStyle.NONE);
        assertThat(style.parse("color;display:none").hides).isTrue();
        assertThat(style.parse("color;display:none").color).isEqualTo(HtmlStyle.NONE);
        assertThat(style.parse(";;color : blue ;;").color).isEqualTo(0x0000ff);
    }

    @Test
    void parsingResetsWhatTheLastStyleSaid() {
        style.parse("display:none;color:red;background:black");
        style.parse("font-weight:bold");
        assertThat(style.hides).isFalse();
        assertThat(style.color).isEqualTo(HtmlStyle.NONE);
        assertThat(style.background).isEqualTo(HtmlStyle.NONE);
    }

    @Test
    void manyDeclarationsWithoutColonsStayCheap() {
        // a colon search that ran to the end of the string for every declaration would be quadratic here
        String hostile = "x;".repeat(200_000) + "display:none";
        assertThat(style.parse(hostile).hides).isTrue();
    }
}
