package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    @Test
    void hashesVerifyAndMalformedOnesAreRefused() {
        String h = Passwords.hash("secret".toCharArray(), 10_000);
        Passwords.validate(h);
        assertThat(Passwords.verify(h, "secret".toCharArray())).isTrue();
        assertThat(Passwords.verify(h, "Secret".toCharArray())).isFalse();
        assertThat(Passwords.hash("secret".toCharArray(), 10_000)).isNotEqualTo(h); // salted
        for (String bad : List.of("", "secret", "$1$abc$def", "$6$salt$hash", "pbkdf2-sha256$100$AAAAAAAAAAAAAAAAAAAAAA$"
                + "A".repeat(43), h + "x", h.replace("pbkdf2-sha256", "pbkdf2-sha1"))) {
            assertThatThrownBy(() -> Passwords.validate(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Account("a", Role.ADMIN, bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void idsAreStrict() {
        assertThat(Ids.valid("MI8K2Q1X.17")).isTrue();
        for (String bad : List.of("", "..", ".", "../x", "a/b", "a\\b", "a\u0000", "a".repeat(65), "a..b", "%2e%2e", ".hidden")) {
            assertThat(Ids.valid(bad)).as(bad).isFalse();
        }
    }

    @Test
    void escapingLeavesNoMarkup() {
        assertThat(Pages.h("<script>\"'&</script>\u0000")).isEqualTo("&lt;script&gt;&quot;&#39;&amp;&lt;/script&gt;\uFFFD");
    }
}
