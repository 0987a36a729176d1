package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The client and its scheme as the chain of trusted proxies tells them; the socket-level cases are in the desk's ForwardedProtoTest. */
class ProxyChainTest {
    static final Set<String> TRUSTED = Set.of("127.0.0.1", "10.0.0.1");

    static ProxyChain chain(String peer, List<String> forwardedFor, List<String> forwardedProto) {
        return new ProxyChain(peer, TRUSTED, forwardedFor, forwardedProto);
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
}
