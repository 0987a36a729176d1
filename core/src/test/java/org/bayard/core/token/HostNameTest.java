package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostNameTest {

    private final HostName host = new HostName();

    private static String text(HostName h) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < h.length(); i++) {
            s.append(h.charAt(i));
        }
        return s.toString();
    }

    @Test
    void normalisesExactlyAsDomainsDoes() {
        String[] hosts = {"Mail.Example.COM", "example.com.", " example.com.. ", "a.com .", "\ta.b\n", "...", "", " ",
                "MX\u00C4.example.de", "\u0130STANBUL.example", "\u03A3\u0391\u03A3.gr.", "\uD801\uDC00.example",
                "x".repeat(300) + ".com", "X".repeat(252) + "..", "\u00C4".repeat(300)};
        for (String h : hosts) {
            assertThat(text(host.set(h, 0, h.length()))).as(h).isEqualTo(Domains.normalise(h));
        }
    }

    @Test
    void normalisesARangeOfALongerText() {
        String text = "from MX1.Example.COM. (x)";
        assertThat(text(host.set(text, 5, 21))).isEqualTo("mx1.example.com");
    }

    @Test
    void copiesTheNormalisedName() {
        char[] out = "user@..................".toCharArray();
        host.set("x MX.Example.ORG. y", 2, 17).copyTo(out, 5);
        assertThat(new String(out, 0, 5 + host.length())).isEqualTo("user@mx.example.org");
    }

    /** The bulk copy for ranges of host chars normalises as the general one does. */
    @Test
    void hostCharsAreNormalisedAsAnyText() {
        String[] hosts = {"Mail.Example.COM", "example.com.", "exa_mple..org..", "...", "", "1.2.3.4", "A-B_C.d",
                "x".repeat(300) + ".com", "X".repeat(252) + "..", "Y".repeat(260) + "...."};
        HostName general = new HostName();
        for (String h : hosts) {
            String text = "<" + h + ">";
            general.set(text, 1, text.length() - 1);
            assertThat(text(host.setHostChars(text, 1, text.length() - 1))).as(h).isEqualTo(text(general));
        }
    }

    @Test
    void emitsTheHostAndItsParentsDownToTwoLabels() {
        assertThat(emitted("A.B.Example.com.")).containsExactly("p:example.com", "p:b.example.com", "p:a.b.example.com");
        assertThat(emitted("localhost")).containsExactly("p:localhost");
        assertThat(emitted(" . ")).isEmpty();
    }

    @Test
    void aGeneratedNameGivesOnlyItsTopParents() {
        assertThat(emitted("a.b.c.d.e.f.g.h.example.com"))
                .hasSize(7).startsWith("p:example.com").doesNotContain("p:a.b.c.d.e.f.g.h.example.com");
        assertThat(emitted("b.c.d.e.f.g.h.example.com")).hasSize(8).endsWith("p:b.c.d.e.f.g.h.example.com");
    }

    private List<String> emitted(String name) {
        List<String> out = new ArrayList<>();
        host.set(name, 0, name.length()).emitWithParents((prefix, word) -> out.add(prefix + word), "p:");
        return out;
    }
}
