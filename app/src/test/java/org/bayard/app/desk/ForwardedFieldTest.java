package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A site whose proxy sends only RFC 7239's Forwarded field (no X-Forwarded-For). It was not
 * read: every client was the proxy, so one client's wrong passwords locked every moderator out,
 * and proto=https never marked the session cookie Secure. It is now read through the trusted
 * proxies as X-Forwarded-For is.
 */
class ForwardedFieldTest extends TrainedDesk {
    @Test
    void behindAProxySendingOnlyForwardedOneClientsGuessesLockOutThatClientOnly() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, Set.of("127.0.0.1", "10.0.0.1", "0:0:0:0:0:0:0:1"));
        for (int i = 0; i < 12; i++) {
            d.get("/api/stats", "Authorization", DeskHarness.basic(DeskHarness.ADMIN, "guess" + i), "Forwarded", "for=192.0.2.50, for=10.0.0.1");
        }
        String right = DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);
        assertThat(d.get("/api/stats", "Authorization", right, "Forwarded", "for=192.0.2.50, for=10.0.0.1").statusCode()).isEqualTo(429);
        assertThat(d.get("/api/stats", "Authorization", right, "Forwarded", "for=192.0.2.51, for=10.0.0.1").statusCode()).isEqualTo(200);
        assertThat(d.get("/api/stats", "Authorization", right, "Forwarded", "for=\"[2001:db8::7]:4711\"").statusCode()).isEqualTo(200);
        // a forged element before the real client's changes nothing
        assertThat(d.get("/api/stats", "Authorization", right, "Forwarded", "for=192.0.2.99", "Forwarded", "for=192.0.2.50, for=10.0.0.1")
                .statusCode()).isEqualTo(429);
        // an unreadable element where the proxy's should be names no one: the request counts as the proxy's,
        // not as the locked-out 192.0.2.50 before it (nor as anyone else the client might write there)
        assertThat(d.get("/api/stats", "Authorization", right, "Forwarded", "for=192.0.2.50, for=\"[2001:db8::8]").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTrustedProxysProtoHttpsMarksTheSessionCookieSecure() throws Exception {
        d = new DeskHarness(trained, tmp, "", Set.of("127.0.0.1", "0:0:0:0:0:0:0:1"));
        assertThat(cookieAfterLogin("for=192.0.2.50;proto=https")).contains("; Secure");
        assertThat(cookieAfterLogin("for=192.0.2.50;proto=http")).doesNotContain("Secure");
    }

    private String cookieAfterLogin(String forwarded) throws Exception {
        String form = "user=" + URLEncoder.encode(DeskHarness.ADMIN, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(DeskHarness.ADMIN_PW, StandardCharsets.UTF_8);
        HttpResponse<String> r = d.post("/login", form.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded",
                "Forwarded", forwarded);
        assertThat(r.statusCode()).isEqualTo(303);
        return r.headers().firstValue("Set-Cookie").orElseThrow();
    }
}
