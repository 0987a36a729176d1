package org.bayard.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressFeaturesTest {

    private static List<String> features(String value) {
        List<String> out = new ArrayList<>();
        new AddressFeatures((prefix, word) -> out.add(prefix + word), new WordSplitter(40, false), new HostName())
                .accept("from", value);
        return out;
    }

    @Test
    void addressLocalPartDomainAndName() {
        assertThat(features("\"Big Deals\" <Sales@Mail.Example.COM.>")).containsExactly(
                "from:addr:sales@mail.example.com", "from:local:sales", "from:domain:example.com",
                "from:domain:mail.example.com", "from:count:1", "from:name:big", "from:name:deals");
    }

    /** The domain is normalised as Domains.normalise does: trailing dots go, inner ones stay. */
    @Test
    void oddDomainsAreKeptAsWritten() {
        assertThat(features("Jo <jo@exa_mple..org..>")).containsExactly(
                "from:addr:jo@exa_mple..org", "from:local:jo", "from:domain:.org", "from:domain:exa_mple..org",
                "from:count:1", "from:name:jo");
    }

    @Test
    void longDomainsAreCutToTheHostBound() {
        String domain = "y".repeat(300) + ".com";
        List<String> features = features("a@b.c, x@" + domain);
        String cut = domain.substring(0, Domains.MAX_HOST_CHARS);
        assertThat(features).containsExactly("from:addr:a@b.c", "from:local:a", "from:domain:b.c",
                "from:addr:x@" + cut, "from:local:x", "from:domain:" + cut, "from:count:2");
    }

    @Test
    void noAddressAtAll() {
        assertThat(features("@ lone")).containsExactly("from:none", "from:count:0", "from:name:lone");
    }
}
