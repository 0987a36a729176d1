package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bayard.net.testing.TestCertificates;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API and moderation page over HTTPS of their own (http.tls-cert-file), as serve runs
 * them: curl checking the certificate, a login whose cookie is marked Secure, plain HTTP to the
 * port refused without a word, and a renewed certificate served once serve reloads.
 */
class ServeHttpsTest {
    private static final Pattern HTTPS = Pattern.compile("HTTP API and moderation page on https://127\\.0\\.0\\.1:(\\d+)/ \\(certificate CN=localhost");

    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void thePageAndTheApiSpeakHttpsAndARenewalIsServedAfterSighup() throws Exception {
        TestCertificates.Pair site = TestCertificates.rsa(tmp, "site");
        Path firstCa = Files.copy(site.certificate(), tmp.resolve("first-ca.pem"));
        String hash = org.bayard.http.Passwords.hash("pw".toCharArray(), 10_000);
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "http:\n  listen: \"127.0.0.1:0\"\n  tls-cert-file: " + site.certificate() + "\n  tls-key-file: "
                + site.key() + "\n  users:\n    - name: admin\n      role: admin\n      password-hash: \"" + hash + "\"\n");
        Path log = tmp.resolve("serve.log");
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), gates.copy(tmp), tmp.resolve("q"), sinks.start().address().getPort(),
                log, "-c", config.toString());
        pb.command().addAll(0, List.of("env", "--default-signal=HUP"));
        Process serve = pb.start();
        processes.add(serve);
        ServeReloadTest.waitForLog(log, "listening on", 1);
        Matcher m = HTTPS.matcher(Files.readString(log));
        assertThat(m.find()).as(Files.readString(log)).isTrue();
        int port = Integer.parseInt(m.group(1));

        // curl, checking the certificate against the site's CA
        Commands.Ran health = Commands.run("curl", "-sS", "--cacert", firstCa.toString(), "https://127.0.0.1:" + port + "/health");
        assertThat(health.exit()).as(health.output()).isZero();
        assertThat(health.output()).isEqualTo("{\"status\":\"ok\"}");

        // /metrics says when the certificate expires, for an alert on a renewal that did not happen; no STARTTLS here
        String metrics = Commands.run("curl", "-sS", "-u", "admin:pw", "--cacert", firstCa.toString(), "https://127.0.0.1:" + port + "/metrics")
                .output();
        assertThat(expiry(metrics, "http")).isEqualTo((double) certificateExpires(site.certificate()).getEpochSecond());
        assertThat(expiry(metrics, "smtp")).isNaN();

        // a login over it: the session cookie is Secure without any proxy saying https
        try (HttpClient client = HttpClient.newBuilder().sslContext(trusting(firstCa)).build()) {
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=admin&password=pw")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure", "HttpOnly");
        }

        // plain HTTP to the HTTPS port gets nothing, and the service goes on
        Commands.Ran plain = Commands.run("curl", "-sS", "--max-time", "10", "http://127.0.0.1:" + port + "/health");
        assertThat(plain.exit()).isNotZero();
        assertThat(Commands.run("curl", "-sS", "--cacert", firstCa.toString(), "https://127.0.0.1:" + port + "/health").exit()).isZero();

        // a renewal in place and SIGHUP: the next connections get the new certificate
        Path renewal = Files.createDirectories(tmp.resolve("renewal"));
        TestCertificates.Pair next = TestCertificates.ec(renewal, "next");
        Files.copy(next.certificate(), site.certificate(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next.key(), site.key(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Commands.run("kill", "-HUP", String.valueOf(serve.pid())).exit()).isZero();
        ServeReloadTest.waitForLog(log, "reloaded (SIGHUP)", 1);
        assertThat(Commands.run("curl", "-sS", "--cacert", next.certificate().toString(), "https://127.0.0.1:" + port + "/health").output())
                .isEqualTo("{\"status\":\"ok\"}");
        assertThat(Commands.run("curl", "-sS", "--cacert", firstCa.toString(), "https://127.0.0.1:" + port + "/health").exit())
                .as("the old certificate is not served any more").isNotZero();

        // a key that will not do at the next reload: refused, the renewed certificate still served
        Files.writeString(site.key(), "not a key\n");
        assertThat(Commands.run("kill", "-HUP", String.valueOf(serve.pid())).exit()).isZero();
        ServeReloadTest.waitForLog(log, "refused (SIGHUP), keeping the running one: http.tls-key-file: " + site.key(), 1);
        assertThat(Commands.run("curl", "-sS", "--cacert", next.certificate().toString(), "https://127.0.0.1:" + port + "/health").output())
                .isEqualTo("{\"status\":\"ok\"}");
        assertThat(Files.readString(log)).doesNotContain("Exception", "\tat ");
    }

    /**
     * A STARTTLS certificate that has expired (a renewal that failed): serve says so at its start, and
     * /health is degraded with it, /metrics giving its date, while mail goes on.
     */
    @Test
    void anExpiredStartTlsCertificateMakesHealthDegradedAndIsOnMetrics() throws Exception {
        TestCertificates.Pair old = TestCertificates.expired(tmp, "old");
        String hash = org.bayard.http.Passwords.hash("pw".toCharArray(), 10_000);
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "smtp:\n  tls-cert-file: " + old.certificate() + "\n  tls-key-file: " + old.key() + "\nhttp:\n"
                + "  listen: \"127.0.0.1:0\"\n  users:\n    - name: admin\n      role: admin\n      password-hash: \"" + hash + "\"\n");
        Path log = tmp.resolve("serve.log");
        processes.add(ServeChild.command(List.of("-Xmx256m"), gates.copy(tmp), tmp.resolve("q"), sinks.start().address().getPort(), log,
                "-c", config.toString()).start());
        ServeChild.Ports ports = ServeChild.ports(log);
        assertThat(Files.readString(log)).contains("STARTTLS with CN=localhost, valid until 2020-01-03T00:00:00Z (EXPIRED: clients that"
                + " check it refuse TLS with this gate; renew it, then reload)");
        Commands.Ran health = Commands.run("curl", "-sS", "http://127.0.0.1:" + ports.http() + "/health");
        assertThat(health.output()).isEqualTo("{\"status\":\"degraded\",\"troubles\":[\"STARTTLS's certificate expired at"
                + " 2020-01-03T00:00:00Z; renew it, then reload\"]}");
        String metrics = Commands.run("curl", "-sS", "-u", "admin:pw", "http://127.0.0.1:" + ports.http() + "/metrics").output();
        assertThat(expiry(metrics, "smtp")).isEqualTo(1_578_009_600d);
        assertThat(metrics).contains("bayard_health 1.0");
        assertThat(PostfixProxyTest.swaks(ports.smtp(), "ham-2.eml", "friend@client.test")).as("mail goes on").contains("<-  250 2.0.0 Ok");
    }

    /** The value of the expiry gauge of {@code service} in a /metrics scrape. */
    private static double expiry(String metrics, String service) {
        Matcher m = Pattern.compile("(?m)^bayard_tls_certificate_expiry_timestamp_seconds\\{service=\"" + service + "\",?\\} (\\S+)$")
                .matcher(metrics);
        assertThat(m.find()).as(metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static java.time.Instant certificateExpires(Path certificate) throws Exception {
        try (var in = Files.newInputStream(certificate)) {
            return ((java.security.cert.X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getNotAfter().toInstant();
        }
    }

    /** An SSLContext whose client trusts only the certificate in {@code ca}. */
    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (var in = Files.newInputStream(ca)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
