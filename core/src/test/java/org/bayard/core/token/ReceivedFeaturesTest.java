package org.bayard.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceivedFeaturesTest {

    private static List<String> features(String value) {
        List<String> out = new ArrayList<>();
        new ReceivedFeatures((prefix, word) -> out.add(prefix + word), new HostName()).accept(value);
        return out;
    }

    @Test
    void namesAndAddressesBeforeTheDate() {
        assertThat(features("from MX1.Relay.Example (unknown [203.0.113.7]) by mail.example.org with ESMTP id AB12CD;"
                + " Tue, 1 Oct 2002 10:00:00 +0100 (host.after.date)")).containsExactly(
                "received:relay.example", "received:mx1.relay.example",
                "received:ip:203", "received:ip:203.0", "received:ip:203.0.113", "received:ip:203.0.113.7",
                "received:example.org", "received:mail.example.org");
    }

    /** Words without a dot, version numbers and IPv6 literals are neither names nor IPv4 addresses. */
    @Test
    void skipsWhatIsNoName() {
        assertThat(features("from localhost by qmail 1.03 with SMTP id v1.2 [IPv6:2001:db8::1] .lead double..dot x.y9")).isEmpty();
        assertThat(features("")).isEmpty();
    }

    /** Names are whole words wherever their dots are: at the start, right after other words, at the end. */
    @Test
    void namesStartAtTheirWordNotAtTheirDot() {
        assertThat(features("Mx.Example.com(helo=relay.example.org)by[10.0.0.1]x-y_z.example.net")).containsExactly(
                "received:example.com", "received:mx.example.com", "received:example.org", "received:relay.example.org",
                "received:ip:10", "received:ip:10.0", "received:ip:10.0.0", "received:ip:10.0.0.1",
                "received:example.net", "received:x-y_z.example.net");
    }

    @Test
    void mappedIpv6AddressesYieldTheirIpv4Part() {
        assertThat(features("from [::ffff:192.0.2.1]")).containsExactly(
                "received:ip:192", "received:ip:192.0", "received:ip:192.0.2", "received:ip:192.0.2.1");
    }
}
