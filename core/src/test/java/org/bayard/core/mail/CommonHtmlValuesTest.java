package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommonHtmlValuesTest {

    private static int hexColor(String value) {
        char[] doc = ("<td bgcolor=" + value + ">").toCharArray();
        return CommonHtmlValues.hexColor(doc, 12, 12 + value.length());
    }

    private static int fontSize(String value) {
        char[] doc = ("<font size=" + value + ">").toCharArray();
        return CommonHtmlValues.fontSize(doc, 11, 11 + value.length());
    }

    @Test
    void readsHexColoursOfThreeOrSixDigitsWithOrWithoutAHash() {
        assertThat(hexColor("#336699")).isEqualTo(0x336699);
        assertThat(hexColor("FFfFfe")).isEqualTo(0xfffffe);
        assertThat(hexColor("#abc")).isEqualTo(0xaabbcc);
        assertThat(hexColor("000")).isEqualTo(0);
    }

    @Test
    void leavesEveryOtherShapeToTheGeneralReader() {
        for (String other : new String[] {"", "#", "#12345", "#1234567", " #fff", "#fff ", "white", "rgb(1,2,3)", "#ggg",
                "#\uFF11\uFF12\uFF13", "&#35;fff", "#12 456"}) {
            assertThat(hexColor(other)).as(other).isEqualTo(HtmlStyle.NONE);
        }
        for (String other : new String[] {"", "+", "-", "123", "+123", " 1", "1 ", "2px", "+-3", "\uFF11", "1.5"}) {
            assertThat(fontSize(other)).as(other).isEqualTo(CommonHtmlValues.OTHER_SHAPE);
        }
    }

    @Test
    void agreesWithTheGeneralReaderOnEveryValueOfItsShapes() {
        String hex = "0123456789abcdefABCDEFgG#";
        for (char a : hex.toCharArray()) {
            for (char b : hex.toCharArray()) {
                for (char c : hex.toCharArray()) {
                    for (String value : new String[] {"" + a + b + c, "#" + a + b + c, "" + a + b + c + c + b + a, "#" + a + a + b + b + c + c}) {
                        int common = hexColor(value);
                        if (common != HtmlStyle.NONE) {
                            assertThat(common).as(value).isEqualTo(HtmlStyle.color(value));
                        }
                    }
                }
            }
        }
        String size = "0123456789+- x";
        int recognized = 0;
        for (char a : size.toCharArray()) {
            for (String value : new String[] {"" + a, "" + a + a, "+" + a, "-" + a}) {
                for (char b : size.toCharArray()) {
                    for (String v : new String[] {value, value + b}) {
                        int common = fontSize(v);
                        if (common != CommonHtmlValues.OTHER_SHAPE) {
                            recognized++;
                            assertThat(common == CommonHtmlValues.TINY).as(v).isEqualTo(HtmlStyle.tinyFontAttribute(v));
                        }
                    }
                }
            }
        }
        assertThat(recognized).isGreaterThan(300);
    }
}
