package org.bayard.core.token;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrefixKeysTest {

    private final PrefixKeys keys = new PrefixKeys();

    @Test
    void givesEachPrefixItsOwnKeyWhateverTheOrder() {
        String[] prefixes = {"from:addr:", "from:local:", "from:domain:", "received:", "received:ip:", "url:", ""};
        for (int round = 0; round < 3; round++) {
            for (String p : prefixes) {
                assertThat(keys.of(p)).as(p).isEqualTo(FeatureHash.prefixKey(p));
            }
        }
    }

    /** Many prefixes share a slot; an equal string that is another object is hashed, never mistaken for another prefix. */
    @Test
    void prefixesSharingASlotOrBuiltPerCallAreHashedAgain() {
        for (int i = 0; i < 1_000; i++) {
            String built = "p" + i + ":";
            assertThat(keys.of(built)).as(built).isEqualTo(FeatureHash.prefixKey(built));
            String again = new String(built);
            assertThat(keys.of(again)).isEqualTo(FeatureHash.prefixKey(built));
        }
    }

    /**
     * The header and link prefixes a message uses, among them pairs that shared a slot of the
     * direct-mapped table of 64 this replaced and evicted each other at each use
     * ({@code from:local:} and {@code from:name:}, {@code received:} and {@code message-id:}).
     */
    @Test
    void holdsEveryHeaderAndLinkPrefixAtOnce() {
        java.util.List<String> prefixes = new java.util.ArrayList<>(java.util.List.of("", "subject:", "received:",
                "received:ip:", "received:count:", "message-id:", "message-id:domain:", "message-id:digits:",
                "message-id:len:", "message-id:shape:", "header:count:", "x-mailer:", "x-mailer:product:",
                "user-agent:", "user-agent:product:", "anomaly:", "charset:", "content-type:", "encoding:",
                "filename:", "filename:ext:", "html:", "parts:", "parts:attachments:", "parts:depth:", "skip:",
                "osb1:", "url:", "url:path:", "url:port:", "url:scheme:", "url:count:", "url:ip:",
                "url:mailto:"));
        for (String header : java.util.List.of("from", "reply-to", "to", "cc", "sender", "return-path")) {
            for (String part : java.util.List.of(":", ":count:", ":addr:", ":local:", ":domain:", ":name:")) {
                prefixes.add((header + part).intern()); // as the constants built from literals are
            }
        }
        for (String p : prefixes) {
            keys.of(p);
        }
        for (String p : prefixes) {
            assertThat(keys.holds(p)).as(p).isTrue();
        }
    }
}
