package org.bayard.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageIdFeaturesTest {

    private static List<String> features(String value) {
        List<String> out = new ArrayList<>();
        new MessageIdFeatures((prefix, word) -> out.add(prefix + word), new HostName()).accept(value);
        return out;
    }

    @Test
    void domainDigitsLengthAndShapeOfTheBracketedId() {
        assertThat(features("  <20021001.AB12cd$x@Mail.Example.COM.>  ")).containsExactly(
                "message-id:domain:mail.example.com", "message-id:digits:most", "message-id:len:le32",
                "message-id:shape:9.A9a$a");
    }

    /** Without brackets the whole stripped value is the ID; the last @ splits it. */
    @Test
    void anIdWithoutBracketsIsTheWholeValue() {
        assertThat(features("\tabc@def@example.org ")).containsExactly(
                "message-id:domain:example.org", "message-id:digits:none", "message-id:len:le8", "message-id:shape:a@a");
    }

    @Test
    void anIdWithoutBothSidesOfItsAtIsInvalid() {
        assertThat(features("<@example.com>")).containsExactly("message-id:invalid");
        assertThat(features("<abc@>")).containsExactly("message-id:invalid");
        assertThat(features("abc")).containsExactly("message-id:invalid");
        assertThat(features("")).containsExactly("message-id:invalid");
        // the @ before the brackets is not in the ID
        assertThat(features("a@b <xyz>")).containsExactly("message-id:invalid");
        assertThat(features("<>")).containsExactly("message-id:invalid");
    }

    /** Beyond ASCII the Unicode classes decide: an Arabic-Indic digit is a digit, a CJK letter has no case. */
    @Test
    void charsBeyondAsciiAreClassedByUnicode() {
        assertThat(features("<\u0661\u0662x\u4E2D\u00C9@example.net>")).containsExactly(
                "message-id:domain:example.net", "message-id:digits:some", "message-id:len:le8", "message-id:shape:9auA");
    }

    @Test
    void aMissingIdIsAClue() {
        List<String> out = new ArrayList<>();
        MessageIdFeatures features = new MessageIdFeatures((prefix, word) -> out.add(prefix + word), new HostName());
        features.finish();
        assertThat(out).containsExactly("message-id:none");
    }
}
