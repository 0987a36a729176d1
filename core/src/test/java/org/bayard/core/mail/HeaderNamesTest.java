package org.bayard.core.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class HeaderNamesTest {

    @Test
    void matchesAnyAsciiCase() {
        assertThat(HeaderNames.is("Content-Type", "content-type")).isTrue();
        assertThat(HeaderNames.is("CONTENT-TYPE", "content-type")).isTrue();
        assertThat(HeaderNames.is("content-type", "content-type")).isTrue();
    }

    @Test
    void refusesOtherNamesAndLengths() {
        assertThat(HeaderNames.is("Content-Typ", "content-type")).isFalse();
        assertThat(HeaderNames.is("Content-Types", "content-type")).isFalse();
        assertThat(HeaderNames.is("Content_Type", "content-type")).isFalse();
        assertThat(HeaderNames.is("", "to")).isFalse();
    }

    @Test
    void lowerCasesAsciiCapitalsOnly() {
        for (char c = 0; c < 0x80; c++) {
            assertThat(HeaderNames.toLowerAscii(c)).as("U+%04X", (int) c)
                    .isEqualTo(String.valueOf(c).toLowerCase(Locale.ROOT).charAt(0));
        }
        for (char c : new char[] {'\u00C4', '\u0130', '\u212A', '\u0391', '\uFF21'}) {
            assertThat(HeaderNames.toLowerAscii(c)).isEqualTo(c);
        }
    }

    /** Agrees with toLowerCase(Locale.ROOT).equals where equalsIgnoreCase would not. */
    @Test
    void lowerCasesARangeOfCharsInPlace() {
        char[] chars = "MX.Example-ORG.\u00C4Z".toCharArray();
        HeaderNames.toLowerAscii(chars, 1, chars.length - 1);
        assertThat(new String(chars)).isEqualTo("Mx.example-org.\u00C4Z");
    }

    @Test
    void agreesWithLowerCasingOnNonAsciiLookalikes() {
        for (String name : new String[] {"\u017Fender", "\u0130d", "\u212Aey", "subjec\u0131"}) {
            for (String known : new String[] {"sender", "id", "key", "subject"}) {
                if (!known.contains("k")) {
                    assertThat(HeaderNames.is(name, known)).as(name + " " + known)
                            .isEqualTo(name.toLowerCase(Locale.ROOT).equals(known));
                }
            }
        }
        assertThat("\u017Fender".equalsIgnoreCase("sender")).isTrue();
        assertThat(HeaderNames.is("\u017Fender", "sender")).isFalse();
    }

    @Test
    void tableFindsKnownNamesOfEachLength() {
        HeaderNames.Table table = new HeaderNames.Table("to", "cc", "from", "sender", "reply-to", "received");
        assertThat(table.find("TO")).isEqualTo("to");
        assertThat(table.find("Cc")).isEqualTo("cc");
        assertThat(table.find("From")).isEqualTo("from");
        assertThat(table.find("Reply-To")).isEqualTo("reply-to");
        assertThat(table.find("RECEIVED")).isEqualTo("received");
        assertThat(table.find("Bcc")).isNull();
        assertThat(table.find("Resent-To")).isNull();
        assertThat(table.find("X-Very-Long-Header-Name")).isNull();
        assertThat(table.find("")).isNull();
        assertThat(table.find("SENDER")).isEqualTo("sender");
        assertThat(table.find("\u017Fender")).isNull();
    }
}
