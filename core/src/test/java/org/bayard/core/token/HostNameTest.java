package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostNameTest {

    private final HostName host = new HostName();
    private final List<String> hostsOut = new ArrayList<>();

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

    @Test
    void emitsTheNetworksOfADottedQuad() {
        host.setHostChars("10.1.22.133", 0, 11).emitNetworks((prefix, word) -> hostsOut.add(prefix + word), "ip:");
        assertThat(hostsOut).containsExactly("ip:10", "ip:10.1", "ip:10.1.22", "ip:10.1.22.133");
    }

    /** A set that keeps no names is given the hashes in one pass: the same hashes, in the same order, as one by one. */
    @Test
    void hashesOnlyGetTheHashesOfEachFeatureInOrder() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder name = new StringBuilder();
            int labels = random.nextInt(12);
            for (int l = 0; l <= labels; l++) {
                name.append(l == 0 ? "" : ".").append("abcdefghij-0123", 0, random.nextInt(15));
            }
            String n = name.toString();
            assertSameHashes(n, (sink, h) -> h.setHostChars(n, 0, n.length()).emitWithParents(sink, "domain:"));
            String quad = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            assertSameHashes(quad, (sink, h) -> h.setHostChars(quad, 0, quad.length()).emitNetworks(sink, "received:ip:"));
        }
    }

    /**
     * A host whose feature the set holds is skipped with its parents (or an address with its
     * networks): over random runs of related names, some met again, into sets of small caps, the
     * set ends exactly as when each feature is added one by one, the cap's marker included.
     */
    @Test
    void aHostMetAgainLeavesTheSetAsAddingEachFeatureWould() {
        String[] pool = {"example.com", "mx.example.com", "a.mx.example.com", "b.example.com", "example.org",
                "10.1.2.3", "10.1.2.4", "10.1.9.3", "192.168.1.1", "a.b.c.d.e.f.g.h.example.com", "localhost"};
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 3_000; round++) {
            int cap = 1 + random.nextInt(40);
            Features skipping = new Features(cap);
            Features reference = new Features(cap);
            FeatureSink oneByOne = reference::accept; // not a Features: every feature goes through accept
            HostName host = new HostName();
            for (int step = random.nextInt(30); step >= 0; step--) {
                String name = pool[random.nextInt(pool.length)];
                String prefix = random.nextBoolean() ? "received:" : "to:domain:";
                boolean other = random.nextInt(8) == 0;
                for (FeatureSink sink : new FeatureSink[] {skipping, oneByOne}) {
                    host.setHostChars(name, 0, name.length());
                    if (Domains.isIpv4(name, 0, name.length())) {
                        host.emitNetworks(sink, prefix.equals("received:") ? "received:ip:" : "to:ip:");
                    } else {
                        host.emitWithParents(sink, prefix);
                    }
                    if (other) {
                        sink.accept("other:", "word");
                    }
                }
            }
            assertThat(skipping.hashes()).as("round " + round).containsExactly(reference.hashes());
        }
    }

    private static void assertSameHashes(String name, java.util.function.BiConsumer<FeatureSink, HostName> emit) {
        List<Long> oneByOne = new ArrayList<>();
        emit.accept((prefix, word) -> oneByOne.add(FeatureHash.of(prefix, word)), new HostName());
        Features hashesOnly = new Features(1000);
        emit.accept(hashesOnly, new HostName());
        assertThat(hashesOnly.hashes()).as(name).containsExactly(oneByOne.stream().distinct().mapToLong(Long::longValue).toArray());
    }

    private List<String> emitted(String name) {
        List<String> out = new ArrayList<>();
        host.set(name, 0, name.length()).emitWithParents((prefix, word) -> out.add(prefix + word), "p:");
        return out;
    }
}
