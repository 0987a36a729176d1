package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * X-Forwarded-Proto decides whether the session cookie is marked Secure. It was read from the
 * first such field, which is the client's own when a trusted proxy appends its field (HAProxy's
 * add-header, a proxy that keeps what came in): the client, not the proxy, said how the browser
 * came. It is now read as X-Forwarded-For is, through the chain of trusted proxies: the value the
 * outermost trusted proxy, the one the client reached, set. Raw sockets, so that the fields go
 * out in the order and form written here.
 */
class ForwardedProtoTest extends TrainedDesk {
    @BeforeEach
    void behindTwoTrustedProxies() throws Exception {
        // the tests' own address plays the proxy the desk sees; 10.0.0.1 one in front of it
        d = new DeskHarness(trained, tmp, "", Set.of("127.0.0.1", "10.0.0.1"));
    }

    @Test
    void theProxysAppendedFieldCountsNotTheOneTheClientSentBeforeIt() throws Exception {
        assertThat(cookieAfterLogin("X-Forwarded-For: 192.0.2.50", "X-Forwarded-Proto: http", "X-Forwarded-Proto: https"))
                .contains("; Secure");
        assertThat(cookieAfterLogin("X-Forwarded-For: 192.0.2.50", "X-Forwarded-Proto: https", "X-Forwarded-Proto: http"))
                .doesNotContain("Secure");
        // the same appended as a list in one field
        assertThat(cookieAfterLogin("X-Forwarded-For: 192.0.2.50", "X-Forwarded-Proto: https, http")).doesNotContain("Secure");
        assertThat(cookieAfterLogin("X-Forwarded-For: 192.0.2.50", "X-Forwarded-Proto: http,https")).contains("; Secure");
    }

    @Test
    void behindTwoProxiesTheOneTheClientReachedSaysHowItCame() throws Exception {
        // the client forged http; the TLS proxy (10.0.0.1) took https; the balancer got plain http from it
        assertThat(cookieAfterLogin("X-Forwarded-For: 192.0.2.50, 10.0.0.1", "X-Forwarded-Proto: http, https, http"))
                .contains("; Secure");
        // each proxy replaced the field rather than adding to it: one value, a trusted proxy's
        assertThat(cookieAfterLogin("X-Forwarded-For: 192.0.2.50, 10.0.0.1", "X-Forwarded-Proto: https")).contains("; Secure");
        // without a proxy's value, none counts
        assertThat(cookieAfterLogin("X-Forwarded-For: 192.0.2.50")).doesNotContain("Secure");
    }

    /** Logs in over a raw socket with these fields and gives the session's Set-Cookie field. */
    private String cookieAfterLogin(String... fields) throws Exception {
        String form = "user=" + URLEncoder.encode(DeskHarness.ADMIN, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(DeskHarness.ADMIN_PW, StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder("POST /login HTTP/1.1\r\nHost: 127.0.0.1:" + d.web.port() + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\nConnection: close\r\n");
        for (String f : fields) request.append(f).append("\r\n");
        request.append("\r\n").append(form);
        try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), d.web.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 303");
            for (String line : answer.split("\r\n")) {
                if (line.regionMatches(true, 0, "Set-Cookie:", 0, 11)) return line;
            }
            throw new AssertionError("no Set-Cookie in " + answer);
        }
    }
}
