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

    @Test
    void colorsInAnyCaseWithSpaceAround() {
        assertThat(HtmlStyle.color(" #FFF ")).isEqualTo(0xffffff);
        assertThat(HtmlStyle.color("#abc")).isEqualTo(0xaabbcc);
        assertThat(HtmlStyle.color("FeFeFe")).isEqualTo(0xfefefe);
        assertThat(HtmlStyle.color("White")).isEqualTo(HtmlStyle.WHITE);
        assertThat(HtmlStyle.color("\tWHITESMOKE\n")).isEqualTo(0xf5f5f5);
        assertThat(HtmlStyle.color("RGB(255, 0, 0)")).isEqualTo(0xff0000);
        assertThat(HtmlStyle.color("#ff00")).isEqualTo(HtmlStyle.NONE);
        assertThat(HtmlStyle.color("#white")).isEqualTo(HtmlStyle.NONE);
        assertThat(HtmlStyle.color("")).isEqualTo(HtmlStyle.NONE);
        assertThat(HtmlStyle.color("  ")).isEqualTo(HtmlStyle.NONE);
    }

    @Test
    void colorsReadInPlaceAsWhenCutOut() {
        String tag = "<font color= #00F size=1 bgcolor=blue>";
        assertThat(HtmlStyle.color(tag, 12, 17)).isEqualTo(0x0000ff);
        assertThat(HtmlStyle.color(tag, 33, 37)).isEqualTo(0x0000ff);
        assertThat(HtmlStyle.color(tag, 33, 36)).isEqualTo(HtmlStyle.NONE); // "blu"
    }

    @Test
    void colorsBeyondAsciiAsJavaReadsThem() {
        assertThat(HtmlStyle.color("#\uff11\uff12\uff13")).isEqualTo(0x112233); // full-width digits are hex digits to Character.digit
        assertThat(HtmlStyle.color("\u2003red\u2003")).isEqualTo(0xff0000); // an em space is white space
        assertThat(HtmlStyle.color("\u00a0red")).isEqualTo(HtmlStyle.NONE); // a no-break space is not
        assertThat(HtmlStyle.color("\u0130vory")).isEqualTo(HtmlStyle.NONE); // lower-cases to two chars, then "vory"
    }

    @Test
    void propertiesInAnyAsciiCaseOnly() {
        assertThat(style.parse(" DISPLAY : NONE ").hides).isTrue();
        assertThat(style.parse("Font-Size:0PX").hides).isTrue();
        assertThat(style.parse("COLOR:#FFF;Background-Color:White").color).isEqualTo(HtmlStyle.WHITE);
        assertThat(style.background).isEqualTo(HtmlStyle.WHITE);
        assertThat(style.parse("di\u017Fplay:none").hides).isFalse(); // a long s is no 's', though it upper-cases to 'S'
        assertThat(style.parse("\u0130;display:none").hides).isTrue(); // a char that lower-cases to two moves nothing out of place
        assertThat(style.parse("color:\u0130vory;background:\u212Aey white").color).isEqualTo(HtmlStyle.NONE);
        assertThat(style.background).isEqualTo(HtmlStyle.WHITE);
    }
}
