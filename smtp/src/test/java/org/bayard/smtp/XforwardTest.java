package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class XforwardTest {

    @Test
    void attributesAreParsedAndPassedOnInOrder() {
        Map<String, String> a = Xforward.parse("ADDR=198.51.100.7 name=mx.example.net HELO=[198.51.100.7]").orElseThrow();
        assertThat(a).containsEntry("ADDR", "198.51.100.7").containsEntry("NAME", "mx.example.net");
        assertThat(Xforward.command(a)).isEqualTo("XFORWARD ADDR=198.51.100.7 NAME=mx.example.net HELO=[198.51.100.7]");
    }

    @Test
    void onlyIpLiteralsBecomeTheClientNeverANameToLookUp() {
        assertThat(Xforward.address(Map.of("ADDR", "198.51.100.7"))).hasValueSatisfying(i -> assertThat(i.getHostAddress()).isEqualTo("198.51.100.7"));
        assertThat(Xforward.address(Map.of("ADDR", "IPV6:2001:db8::1"))).isPresent();
        assertThat(Xforward.address(Map.of("ADDR", "[UNAVAILABLE]"))).isEmpty();
        assertThat(Xforward.address(Map.of("ADDR", "mail.example.com"))).isEmpty();
        assertThat(Xforward.address(Map.of())).isEmpty();
    }

    @Test
    void unknownAttributesAndBadSyntaxAreRefused() {
        assertThat(Xforward.parse("COLOUR=blue")).isEmpty();
        assertThat(Xforward.parse("ADDR")).isEmpty();
        assertThat(Xforward.parse("")).isEmpty();
    }

    /**
     * Postfix passes on its client's HELO whatever its length; a refused XFORWARD is 451 there for
     * the whole message, so a client with a HELO over 255 chars could never deliver. Such a value
     * is now left out and the rest kept.
     */
    @Test
    void anOverlongValueIsLeftOutNotRefused() {
        Map<String, String> a = Xforward.parse("ADDR=198.51.100.7 HELO=" + "h".repeat(300) + ".example").orElseThrow();
        assertThat(a).containsOnlyKeys("ADDR");
        assertThat(Xforward.parse("ADDR=" + "1".repeat(300))).hasValue(Map.of());
    }

    @Test
    void onlyKeepsTheNamedAttributesInTheirOrder() {
        Map<String, String> a = Xforward.parse("NAME=mx.example.net ADDR=198.51.100.7 PORT=25 SOURCE=REMOTE").orElseThrow();
        assertThat(Xforward.only(a, Set.of("ADDR", "NAME", "HELO"))).containsExactly(
                Map.entry("NAME", "mx.example.net"), Map.entry("ADDR", "198.51.100.7"));
        assertThat(Xforward.only(a, Set.of())).isEmpty();
    }
}
