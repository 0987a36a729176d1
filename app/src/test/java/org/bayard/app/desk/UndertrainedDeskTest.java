package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bayard.app.CliAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP service of a new site whose store has learned 5 ham and 3 spam: checks
 * ({@code /api/check}, Rspamd's {@code /checkv2}) judge as the gate does, leaving Bayes out, and
 * say so in their symbols; {@code /metrics}, {@code /api/stats} and the dashboard say that Bayes
 * is not used yet, and why. On such a store the API answered most checks "hold" for Bayes' unsure.
 */
class UndertrainedDeskTest {
    static final Path SAMPLES = Path.of("../samples");
    @TempDir static Path shared;
    @TempDir Path tmp;
    static Path young;

    @BeforeAll
    static void learnAFew() {
        young = shared.resolve("db");
        Path ham = shared.resolve("ham");
        Path spam = shared.resolve("spam");
        assertThat(CliAccess.run(young, "mbox", "split", "-o", ham.toString(), SAMPLES.resolve("ham.mbox").toString())).isZero();
        assertThat(CliAccess.run(young, "mbox", "split", "-o", spam.toString(), SAMPLES.resolve("spam.mbox").toString())).isZero();
        for (int i = 1; i <= 5; i++) assertThat(CliAccess.run(young, "learn", "--ham", ham.resolve("0000" + i + ".eml").toString())).isZero();
        for (int i = 1; i <= 3; i++) assertThat(CliAccess.run(young, "learn", "--spam", spam.resolve("0000" + i + ".eml").toString())).isZero();
    }

    static String admin() {
        return DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);
    }

    @Test
    void checksLeaveBayesOutAndSaySoInTheirSymbols() throws Exception {
        try (DeskHarness d = new DeskHarness(young, tmp, "")) {
            for (String sample : new String[] {"ham-1.eml", "ham-4.eml", "spam-1.eml", "spam-4.eml"}) {
                byte[] message = Files.readAllBytes(SAMPLES.resolve("held-out").resolve(sample));
                HttpResponse<String> check = d.post("/api/check", message, "Authorization", admin());
                assertThat(check.statusCode()).isEqualTo(200);
                assertThat(check.body()).as(sample).contains("\"action\":\"accept\"").contains("\"name\":\"BAYES_UNDERTRAINED\"")
                        .contains("Bayes not used: 5 ham and 3 spam learned, 200 of each needed").doesNotContainPattern("\"name\":\"BAYES_\\d");
                HttpResponse<String> rspamd = d.post("/checkv2", message, "Password", DeskHarness.ADMIN_PW);
                assertThat(rspamd.body()).as(sample).contains("\"action\":\"no action\"").contains("\"BAYES_UNDERTRAINED\":{");
            }
        }
    }

    @Test
    void metricsStatsAndTheDashboardSayBayesIsNotUsedYet() throws Exception {
        try (DeskHarness d = new DeskHarness(young, tmp, "")) {
            assertThat(d.get("/metrics", "Authorization", admin()).body()).containsPattern("(?m)^bayard_bayes_used 0\\.0$");
            assertThat(d.get("/api/stats", "Authorization", admin()).body()).contains("\"bayes_used\":false")
                    .contains("\"bayes_not_used\":\"5 ham and 3 spam learned, 200 of each needed\"");
            HttpResponse<String> login = d.post("/login", ("user=" + DeskHarness.ADMIN + "&password="
                    + DeskHarness.ADMIN_PW.replace(" ", "+")).getBytes(), "Content-Type", "application/x-www-form-urlencoded");
            assertThat(login.statusCode()).isEqualTo(303);
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            assertThat(d.get("/ui/dashboard", "Cookie", cookie).body()).contains("<tr><th>Bayes used</th><td id=\"bayes-used\">"
                    + "not yet: 5 ham and 3 spam learned, 200 of each needed (policy.bayes-min-ham, policy.bayes-min-spam);");
        }
        try (DeskHarness d = new DeskHarness(young, tmp.resolve("off"), "policy:\n  bayes-min-ham: 5\n  bayes-min-spam: 3\n")) {
            assertThat(d.get("/metrics", "Authorization", admin()).body()).containsPattern("(?m)^bayard_bayes_used 1\\.0$");
            assertThat(d.get("/api/stats", "Authorization", admin()).body()).contains("\"bayes_used\":true").doesNotContain("bayes_not_used");
        }
    }
}
