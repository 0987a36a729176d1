package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

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

    @Test
    void fontSizesAsIntegerParseIntReadsThem() {
        assertThat(HtmlStyle.tinyFontAttribute("1")).isTrue();
        assertThat(HtmlStyle.tinyFontAttribute(" 2 ")).isFalse();
        assertThat(HtmlStyle.tinyFontAttribute("-2")).isTrue();
        assertThat(HtmlStyle.tinyFontAttribute("+-3")).isTrue(); // "-3" after the '+', relative
        assertThat(HtmlStyle.tinyFontAttribute("++1")).isFalse();
        assertThat(HtmlStyle.tinyFontAttribute("--1")).isFalse(); // no number
        assertThat(HtmlStyle.tinyFontAttribute("1px")).isFalse();
        assertThat(HtmlStyle.tinyFontAttribute("\uff11")).isTrue(); // a full-width 1 is a digit to parseInt
        assertThat(HtmlStyle.tinyFontAttribute("+2147483647")).isTrue(); // 3 more wraps below zero, as int arithmetic does
        assertThat(HtmlStyle.tinyFontAttribute("-2147483648")).isTrue();
        assertThat(HtmlStyle.tinyFontAttribute("-2147483649")).isFalse(); // beyond an int: no number
        assertThat(HtmlStyle.tinyFontAttribute("00000000000000000001")).isTrue();
        assertThat(HtmlStyle.tinyFontAttribute(null)).isFalse();
        assertThat(HtmlStyle.tinyFontAttribute(" ")).isFalse();
    }

    @Test
    void fontSizesReadInPlaceAsTheStrippedParseIntOfTheValue() {
        String[] pieces = {"0", "1", "2", "9", "\uff11", "+", "-", " ", "\u2003", "\u00a0", "p", "x", "2147483647", "2147483648", "00"};
        Random random = new Random(7);
        for (int k = 0; k < 100_000; k++) {
            StringBuilder size = new StringBuilder();
            for (int n = random.nextInt(5); n >= 0; n--) {
                size.append(pieces[random.nextInt(pieces.length)]);
            }
            String tag = "<font size=" + size + ">";
            assertThat(HtmlStyle.tinyFontAttribute(tag, 11, 11 + size.length()))
                    .as("size %s", size).isEqualTo(tinyByParseInt(size.toString()));
        }
    }

    /** What {@link HtmlStyle#tinyFontAttribute} answered before it read values in place. */
    private static boolean tinyByParseInt(String size) {
        if (size.isBlank()) {
            return false;
        }
        String s = size.strip();
        try {
            int n = Integer.parseInt(s.startsWith("+") ? s.substring(1) : s);
            return (s.startsWith("-") || s.startsWith("+") ? 3 + n : n) <= 1;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Test
    void aStyleReadInPlaceReadsOnlyItsRange() {
        String tag = "<p style=\"display:none\" title=\"color:white\">";
        assertThat(style.parse(tag, 10, 22).hides).isTrue();
        assertThat(style.color).isEqualTo(HtmlStyle.NONE);
        String cut = "<p style=\"color:white;display:none\">";
        assertThat(style.parse(cut, 10, 21).color).isEqualTo(HtmlStyle.WHITE); // "color:white"
        assertThat(style.hides).isFalse();
        String wide = "<p style=\"COLOR:\u0130vory;background:\u212Aey white\" id=x>";
        assertThat(style.parse(wide, 10, 42).background).isEqualTo(HtmlStyle.WHITE);
    }

    @Test
    void theBackgroundsFirstColourAmongWordsSplitByAnyRunOfSpace() {
        assertThat(style.parse("background: url(x.gif)\t \n#00F  red").background).isEqualTo(0x0000ff);
        assertThat(style.parse("background:no-repeat\u000Bred").background).isEqualTo(0xff0000); // a vertical tab splits
        assertThat(style.parse("background:x\u2003red").background).isEqualTo(HtmlStyle.NONE); // an em space does not
        assertThat(style.parse("background:rgb(1, 2, 3)").background).isEqualTo(HtmlStyle.NONE); // cut at its spaces
        assertThat(style.parse("background:").background).isEqualTo(HtmlStyle.NONE);
        assertThat(style.parse("background:" + "x \t".repeat(300_000) + "red").background).isEqualTo(0xff0000); // words read once each
    }

    @Test
    void valuesReadInPlaceAsWhenCutOutLowerCasedAndStripped() {
        String[] pieces = {"display", "DISPLAY", "visibility", "font-size", "opacity", "color", "Color", "background",
                "background-color", ":", ":", ";", ";", " ", "\t", "none", "NONE", "hidden", "Collapse", "0", "0.0", "0%",
                "1px", "0.1EM", "2PT", "19%", "rem", ".", "!important", "!IMPORTANT", "!", "#fff", "#FEFEFE", "white",
                "WHITE", "Ivory", "rgb(1,2,3)", "RGB(255, 0, 0)", "url(x.gif)", "red", "x", "\u0130", "\u212A", "\u00a0",
                "\u2003", "\uff11"};
        Random random = new Random(11);
        for (int k = 0; k < 50_000; k++) {
            StringBuilder css = new StringBuilder();
            for (int n = random.nextInt(12); n >= 0; n--) {
                css.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = css.toString();
            style.parse(text);
            assertThat(new int[] {style.hides ? 1 : 0, style.color, style.background})
                    .as("style %s", text).containsExactly(byCopiedValues(text));
        }
    }

    /**
     * What {@link HtmlStyle#parse} answered when it cut every value it read out of the style,
     * lower-cased it, removed {@code !important} from it and stripped it: hides (1 or 0), colour
     * and background.
     */
    private static int[] byCopiedValues(String text) {
        boolean hides = false;
        int color = HtmlStyle.NONE;
        int background = HtmlStyle.NONE;
        String css = text.chars().allMatch(c -> c < 0x80) ? text : text.toLowerCase(Locale.ROOT);
        for (String declaration : css.split(";", -1)) {
            int colon = declaration.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = declaration.substring(colon + 1).toLowerCase(Locale.ROOT).replace("!important", "").strip();
            switch (asciiLowerCase(declaration.substring(0, colon).strip())) {
                case "display" -> hides |= value.equals("none");
                case "visibility" -> hides |= value.equals("hidden") || value.equals("collapse");
                case "font-size" -> hides |= tinyByParseDouble(value);
                case "opacity" -> hides |= value.equals("0") || value.startsWith("0.0") || value.equals("0%");
                case "color" -> color = HtmlStyle.color(value);
                case "background-color" -> background = HtmlStyle.color(value);
                case "background" -> background = Arrays.stream(value.split("[ \\t\\n\\x0B\\f\\r]+"))
                        .mapToInt(HtmlStyle::color).filter(c -> c != HtmlStyle.NONE).findFirst().orElse(HtmlStyle.NONE);
                default -> { }
            }
        }
        return new int[] {hides ? 1 : 0, color, background};
    }

    private static String asciiLowerCase(String s) {
        StringBuilder lower = new StringBuilder(s.length());
        s.chars().forEach(c -> lower.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
        return lower.toString();
    }

    private static boolean tinyByParseDouble(String value) {
        int i = 0;
        while (i < value.length() && (Character.isDigit(value.charAt(i)) || value.charAt(i) == '.')) {
            i++;
        }
        double n;
        try {
            n = Double.parseDouble(value.substring(0, i));
        } catch (NumberFormatException e) {
            return false;
        }
        return switch (value.substring(i).strip()) {
            case "", "px", "pt" -> n < 2;
            case "em", "rem" -> n < 0.2;
            case "%" -> n < 20;
            default -> n == 0;
        };
    }
}
