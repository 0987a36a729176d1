package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The client and its scheme as the chain of trusted proxies tells them; the socket-level cases are in the desk's ForwardedProtoTest. */
class ProxyChainTest {
    static final Set<String> TRUSTED = Set.of("127.0.0.1", "10.0.0.1");

    static ProxyChain chain(String peer, List<String> forwardedFor, List<String> forwardedProto) {
        return new ProxyChain(peer, TRUSTED, null, forwardedFor, forwardedProto);
    }

    /** With RFC 7239's Forwarded fields only. */
    static ProxyChain forwarded(String peer, String... fields) {
        return new ProxyChain(peer, TRUSTED, List.of(fields), null, null);
    }

    @Test
    void fromAPeerThatIsNoTrustedProxyNothingForwardedCounts() {
        ProxyChain c = chain("192.0.2.7", List.of("198.51.100.1"), List.of("https"));
        assertThat(c.client()).isEqualTo("192.0.2.7");
        assertThat(c.proto()).isEmpty();
    }

    @Test
    void aProxyWithoutForwardedForStillSaysTheScheme() {
        ProxyChain c = chain("127.0.0.1", null, List.of("http", "https"));
        assertThat(c.client()).isEqualTo("127.0.0.1");
        assertThat(c.proto()).contains("https");
    }

    @Test
    void eachTrustedHopTakesOneValueFromTheEnd() {
        // client forged http; 10.0.0.1 added https; the peer added http for its own leg
        ProxyChain c = chain("127.0.0.1", List.of("192.0.2.50", "10.0.0.1"), List.of("http", "https", "http"));
        assertThat(c.client()).isEqualTo("192.0.2.50");
        assertThat(c.proto()).contains("https");
        // a forged hop before the client changes neither
        assertThat(chain("127.0.0.1", List.of("203.0.113.9, 192.0.2.50, 10.0.0.1"), List.of("http, https, http")).proto()).contains("https");
    }

    @Test
    void fewerValuesThanProxiesMeansOneReplacedTheFieldAndTheFirstIsRead() {
        assertThat(chain("127.0.0.1", List.of("192.0.2.50, 10.0.0.1"), List.of("https")).proto()).contains("https");
        assertThat(chain("127.0.0.1", List.of("192.0.2.50, 10.0.0.1"), List.of()).proto()).isEqualTo(Optional.empty());
        // empty list items are no values
        assertThat(chain("127.0.0.1", List.of("192.0.2.50"), List.of("https,, ")).proto()).contains("https");
    }

    // ---------------------------------------------------------------- RFC 7239 Forwarded

    @Test
    void aTrustedProxysForwardedNamesTheClientAndHowItCame() {
        ProxyChain c = forwarded("127.0.0.1", "for=192.0.2.60;proto=https");
        assertThat(c.client()).isEqualTo("192.0.2.60");
        assertThat(c.proto()).contains("https");
        // parameter names are case-insensitive, values may be quoted, other parameters are passed over
        ProxyChain d = forwarded("127.0.0.1", "By=10.0.0.9; For=\"192.0.2.61\"; PROTO=https;host=desk.example");
        assertThat(d.client()).isEqualTo("192.0.2.61");
        assertThat(d.proto()).contains("https");
    }

    @Test
    void fromAPeerThatIsNoTrustedProxyForwardedDoesNotCount() {
        ProxyChain c = forwarded("192.0.2.7", "for=198.51.100.1;proto=https");
        assertThat(c.client()).isEqualTo("192.0.2.7");
        assertThat(c.proto()).isEmpty();
    }

    @Test
    void portsAndTheBracketsOfIpv6AreNoPartOfTheClient() {
        assertThat(forwarded("127.0.0.1", "for=\"[2001:db8:cafe::17]:4711\"").client()).isEqualTo("2001:db8:cafe::17");
        assertThat(forwarded("127.0.0.1", "for=\"[2001:db8::1]\"").client()).isEqualTo("2001:db8::1");
        assertThat(forwarded("127.0.0.1", "for=\"192.0.2.43:47011\"").client()).isEqualTo("192.0.2.43");
        assertThat(forwarded("127.0.0.1", "for=\"192.0.2.44:_port\"").client()).isEqualTo("192.0.2.44");
    }

    @Test
    void hiddenAndUnknownClientsAreCountedAsTheProxyNamesThem() {
        assertThat(forwarded("127.0.0.1", "for=_hidden").client()).isEqualTo("_hidden");
        assertThat(forwarded("127.0.0.1", "for=unknown;proto=https").client()).isEqualTo("unknown");
        // an opaque name is never taken for a trusted proxy: what comes before it is not read
        assertThat(forwarded("127.0.0.1", "for=192.0.2.1, for=_gw").client()).isEqualTo("_gw");
    }

    @Test
    void theWalkGoesBackPastTrustedProxiesAcrossElementsAndFields() {
        // the client forged an element; 10.0.0.1 (TLS) added the client's; the peer added 10.0.0.1's
        ProxyChain c = forwarded("127.0.0.1", "for=203.0.113.9;proto=http, for=192.0.2.50;proto=https, for=10.0.0.1;proto=http");
        assertThat(c.client()).isEqualTo("192.0.2.50");
        assertThat(c.proto()).contains("https");
        ProxyChain f = forwarded("127.0.0.1", "for=203.0.113.9;proto=http", "for=192.0.2.50;proto=https", "for=10.0.0.1;proto=http");
        assertThat(f.client()).isEqualTo("192.0.2.50");
        assertThat(f.proto()).contains("https");
        // a trusted IPv6 proxy, written short and bracketed
        ProxyChain v6 = new ProxyChain("127.0.0.1", Set.of("127.0.0.1", "0:0:0:0:0:0:0:1"), List.of("for=192.0.2.52, for=\"[::1]:8443\""), null, null);
        assertThat(v6.client()).isEqualTo("192.0.2.52");
        // a quoted comma is part of its value, not a separator
        assertThat(forwarded("127.0.0.1", "for=192.0.2.53;ext=\"a, for=10.0.0.1\"").client()).isEqualTo("192.0.2.53");
    }

    @Test
    void anUnreadableForwardedNeverLetsTheClientPickItsAddress() {
        // the element the trusted proxy should have added does not parse: nothing before it is read
        for (String bad : List.of("for=\"[2001:db8::1]", "for=[2001:db8::1]", "for=host.example", "for=1.2.3.4;for=5.6.7.8",
                "for=\"2001:db8::1\"", "for", "=x", "for=\"\"", "for=300.1.1.1", "for=192.0.2.1:99999", ";;")) {
            ProxyChain c = forwarded("127.0.0.1", "for=198.51.100.1;proto=https, " + bad);
            assertThat(c.client()).as(bad).isEqualTo("127.0.0.1");
            assertThat(c.proto()).as(bad).isEmpty();
        }
        // past a trusted hop: the client is that hop, not what lies before the unreadable element
        assertThat(forwarded("127.0.0.1", "for=198.51.100.1, for=\"x, for=10.0.0.1").client()).isEqualTo("10.0.0.1");
        // a client's unbalanced quote before the proxy's element does not swallow it
        assertThat(forwarded("127.0.0.1", "for=\"oops", "for=192.0.2.54").client()).isEqualTo("192.0.2.54");
        // an element without for= (a proxy that says only how the client came) names no one
        ProxyChain p = forwarded("127.0.0.1", "for=198.51.100.1, proto=https");
        assertThat(p.client()).isEqualTo("127.0.0.1");
        assertThat(p.proto()).contains("https");
    }

    @Test
    void bothKindsCountOnlyWhenTheyNameTheSameClient() {
        // a proxy that writes both: they agree, and Forwarded's proto is read
        ProxyChain both = new ProxyChain("127.0.0.1", TRUSTED, List.of("for=192.0.2.50;proto=https"), List.of("192.0.2.50"), List.of("http"));
        assertThat(both.client()).isEqualTo("192.0.2.50");
        assertThat(both.proto()).contains("https");
        assertThat(new ProxyChain("127.0.0.1", TRUSTED, List.of("for=\"[2001:db8::1]\""), List.of("2001:DB8:0::1"), null).client())
                .isEqualTo("2001:db8::1");
        // a proxy that writes one passes the client's other on: they disagree, and neither is believed
        ProxyChain forged = new ProxyChain("127.0.0.1", TRUSTED, List.of("for=198.51.100.7;proto=https"), List.of("192.0.2.50"), List.of("https"));
        assertThat(forged.client()).isEqualTo("127.0.0.1");
        assertThat(forged.proto()).isEmpty();
        ProxyChain forged2 = new ProxyChain("127.0.0.1", TRUSTED, List.of("for=192.0.2.50"), List.of("198.51.100.7"), null);
        assertThat(forged2.client()).isEqualTo("127.0.0.1");
        // X-Forwarded-Proto without X-Forwarded-For names no client: Forwarded's client stands, and its proto if it has one
        ProxyChain protoOnly = new ProxyChain("127.0.0.1", TRUSTED, List.of("for=192.0.2.50"), null, List.of("https"));
        assertThat(protoOnly.client()).isEqualTo("192.0.2.50");
        assertThat(protoOnly.proto()).contains("https");
    }

    @Test
    void aFieldOfManyElementsIsReadInTimeProportionalToItsLength() {
        String many = ",".repeat(200_000) + "\"" + "\\\"".repeat(20_000) + ", for=192.0.2.55";
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> assertThat(forwarded("127.0.0.1", many).client()).isEqualTo("192.0.2.55"));
    }
}
