package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.bayard.app.Engine;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.gate.GateService;
import org.bayard.http.HttpService;
import org.bayard.http.Metrics;
import org.bayard.http.Passwords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * http.trusted-proxies as a postmaster writes it. The entries were compared as text with the
 * address Java prints for the connection, which for IPv6 is never the short form: "::1" (or any
 * proxy written as usual) matched nothing, and X-Forwarded-For and X-Forwarded-Proto from it were
 * ignored without a word, as was an entry that is no address at all.
 */
class TrustedProxiesTest {
    @TempDir Path tmp;

    @Test
    void aProxyWrittenInTheShortIpv6FormIsTrusted() throws Exception {
        String hash = Passwords.hash("pw".toCharArray(), 10_000);
        BayardConfig config = ConfigLoader.parse("http:\n  users:\n    - name: mod\n      role: admin\n      password-hash: \"" + hash
                + "\"\n  trusted-proxies: [\"::1\"]\nsmtp:\n  quarantine: \"" + tmp.resolve("q") + "\"\n", "test");
        Path db = tmp.resolve("db");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        InetAddress v6 = InetAddress.getByName("::1");
        try (Engine engine = Engine.open(config, db, org.bayard.app.CliAccess.quiet());
             GateService gate = GateService.start(engine, db, tmp.resolve("q"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                     Clock.systemUTC(), out);
             HttpService web = Desk.start(Desk.settings(config.http().orElseThrow(), new InetSocketAddress(v6, 0)), engine, gate,
                     new Metrics(Clock.systemUTC()), Clock.systemUTC(), out)) {
            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://[::1]:" + web.port() + "/login"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("X-Forwarded-Proto", "https").POST(HttpRequest.BodyPublishers.ofString("user=mod&password=pw")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(303);
            // the proxy said the browser came over https: the session cookie must not travel over plain http
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");
        }
    }

    @Test
    void anEntryThatIsNoAddressIsRefusedNamingIt() throws Exception {
        String hash = Passwords.hash("pw".toCharArray(), 10_000);
        Path file = Files.writeString(tmp.resolve("bayard.yaml"), "http:\n  users:\n    - name: mod\n      password-hash: \"" + hash + "\"\n"
                + "  trusted-proxies: [\"10.0.0.0/8\"]\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigLoader.load(file))
                .hasMessage(file + ": http.trusted-proxies: not an IP address: '10.0.0.0/8' (list each proxy's own address)");
    }
}
