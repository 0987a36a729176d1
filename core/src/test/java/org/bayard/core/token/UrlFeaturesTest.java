package org.bayard.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The link features, in order. The expected lists were produced by the implementation that cut
 * the authority into substrings; the range-based one must agree with it feature for feature.
 */
class UrlFeaturesTest {

    private static List<String> features(String url) {
        List<String> out = new ArrayList<>();
        new UrlFeatures((prefix, word) -> out.add(prefix + word), new WordSplitter(40, false), 40, new HostName(), new UrlFeatures.Memory()).accept(url);
        return out;
    }

    /** The features of the links read in turn by one stage, and the count at the end. */
    private static List<String> features(List<String> urls) {
        List<String> out = new ArrayList<>();
        UrlFeatures stage = new UrlFeatures((prefix, word) -> out.add(prefix + word), new WordSplitter(40, false), 40, new HostName(), new UrlFeatures.Memory());
        urls.forEach(stage::accept);
        stage.finish();
        return out;
    }

    @Test
    void aNewStageForgetsTheLinksAndHostsOfTheLastOne() {
        UrlFeatures.Memory memory = new UrlFeatures.Memory();
        List<String> first = new ArrayList<>();
        new UrlFeatures((prefix, word) -> first.add(prefix + word), new WordSplitter(40, false), 40, new HostName(), memory)
                .accept("http://aa.example/path");
        List<String> second = new ArrayList<>();
        UrlFeatures next = new UrlFeatures((prefix, word) -> second.add(prefix + word), new WordSplitter(40, false), 40, new HostName(), memory);
        next.accept("http://aa.example/path");
        next.accept("http://aa.example/other");
        assertThat(second).containsExactly("url:scheme:http", "url:aa.example", "url:aa", "url:example", "url:path:path",
                "url:scheme:http", "url:path:other");
        assertThat(first).isEqualTo(second.subList(0, 5));
    }

    @Test
    void aRepeatedLinkIsReadOnceButCounted() {
        assertThat(features(List.of("http://aa.example/path", "http://bb.example", "http://aa.example/path"))).containsExactly(
                "url:scheme:http", "url:aa.example", "url:aa", "url:example", "url:path:path",
                "url:scheme:http", "url:bb.example", "url:bb", "url:example",
                "url:count:3");
    }

    @Test
    void aRepeatedHostIsReadOnce() {
        assertThat(features(List.of("http://aa.example/one", "HTTPS://user@AA.example:81/two", "http://aa.example.net/"))).containsExactly(
                "url:scheme:http", "url:aa.example", "url:aa", "url:example", "url:path:one",
                "url:scheme:https", "url:shape:userinfo", "url:port:81", "url:path:two",
                "url:scheme:http", "url:example.net", "url:aa.example.net", "url:aa", "url:example", "url:net",
                "url:count:3");
    }

    @Test
    void pastTheRememberedLinksARepeatIsReadAgain() {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            urls.add("http://h" + i + ".example");
        }
        urls.add("http://h0.example"); // remembered: the first 256 were
        urls.add("http://h299.example"); // not remembered: read again
        List<String> out = features(urls);
        assertThat(out).filteredOn("url:h0.example"::equals).hasSize(1);
        assertThat(out).filteredOn("url:h299.example"::equals).hasSize(2);
        assertThat(out).last().isEqualTo("url:count:le512");
    }

    @Test
    void userInfoAndPortAreCutFromTheHost() {
        assertThat(features("http://user:pw@Bank.Example.COM:8080/Login?x=1#top")).containsExactly(
                "url:scheme:http", "url:shape:userinfo", "url:port:8080", "url:example.com", "url:bank.example.com",
                "url:bank", "url:example", "url:com", "url:path:login", "url:path:top");
        assertThat(features("http://a@b@c.example:99")).containsExactly(
                "url:scheme:http", "url:shape:userinfo", "url:port:99", "url:c.example", "url:example");
    }

    @Test
    void numericHostsAreAddresses() {
        assertThat(features("https://[2001:db8::1]/a")).containsExactly(
                "url:scheme:https", "url:shape:ip", "url:ip:[2001:db8::1]");
        assertThat(features("https://[2001:db8::1]:443/a")).containsExactly(
                "url:scheme:https", "url:port:443", "url:shape:ip", "url:ip:[2001:db8::1]");
        assertThat(features("http://3232235777/path")).containsExactly(
                "url:scheme:http", "url:shape:ip", "url:ip:3232235777", "url:path:path");
        assertThat(features("http://1.2.3.4:8/")).containsExactly(
                "url:scheme:http", "url:port:8", "url:shape:ip", "url:ip:1.2.3.4");
    }

    @Test
    void emptyHostsGiveNoHostFeatures() {
        assertThat(features("http://:80/x")).containsExactly("url:scheme:http", "url:port:80");
        assertThat(features("http://@/x")).containsExactly("url:scheme:http", "url:shape:userinfo");
    }

    @Test
    void internationalAndEscapedHosts() {
        assertThat(features("http://xn--bcher-kva.example/b%C3%BCcher")).containsExactly(
                "url:scheme:http", "url:xn--bcher-kva.example", "url:xn--bcher-kva", "url:example", "url:path:bccher");
        assertThat(features("http://b\u00fccher.example/")).containsExactly(
                "url:scheme:http", "url:b\u00fccher.example", "url:b\u00fccher", "url:example");
        assertThat(features("http://a%2eb.example/")).containsExactly(
                "url:scheme:http", "url:shape:escaped-host", "url:a%2eb.example", "url:a%2eb", "url:example");
    }

    @Test
    void schemesCaseAndSpaces() {
        assertThat(features("HTTP://www.Example.com.")).containsExactly(
                "url:scheme:http", "url:example.com", "url:www.example.com", "url:example", "url:com");
        assertThat(features("www.example.com/deal")).containsExactly(
                "url:example.com", "url:www.example.com", "url:example", "url:com", "url:path:deal");
        assertThat(features("ftp://files.example.org")).containsExactly(
                "url:scheme:ftp", "url:example.org", "url:files.example.org", "url:files", "url:example", "url:org");
        assertThat(features("  http://host.example?q=word  ")).containsExactly(
                "url:scheme:http", "url:host.example", "url:host", "url:example", "url:path:word");
        assertThat(features("gopher:/x")).containsExactly("url:scheme:none");
        assertThat(features("javascript:alert(1)")).containsExactly("url:scheme:javascript");
    }

    @Test
    void mailtoKeepsTheDomainOnly() {
        assertThat(features("mailto:Sales@Drop.Example?subject=hi")).containsExactly("url:mailto:drop.example");
        assertThat(features("mailto:nobody")).containsExactly("url:mailto:none");
    }
}
