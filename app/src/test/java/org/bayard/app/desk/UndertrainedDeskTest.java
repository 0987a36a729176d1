package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    /**
     * /api/check gave the classifier's verdict and probability while its action left Bayes out: on
     * 5 ham and 3 spam, "verdict":"spam" for mail it let through, which a client would act on. As
     * Rspamd gives no Bayes result while its classifier is not ready, the verdict, probability and
     * clues are now absent (null, as for mail the gate's lists decide), and bayes_used and
     * bayes_not_used say why, as bayard score --json does. Once Bayes counts the answer is as before.
     */
    @Test
    void aCheckGivesNoBayesVerdictWhileBayesIsNotUsed() throws Exception {
        String[] samples = {"ham-1.eml", "ham-4.eml", "spam-1.eml", "spam-4.eml"};
        try (DeskHarness d = new DeskHarness(young, tmp, "")) {
            for (String sample : samples) {
                Map<String, Object> check = d.json(d.post("/api/check", Files.readAllBytes(SAMPLES.resolve("held-out").resolve(sample)),
                        "Authorization", admin()));
                assertThat(check).as(sample).containsEntry("verdict", null).containsEntry("probability", null)
                        .containsEntry("bayes_used", false).containsEntry("bayes_not_used", "5 ham and 3 spam learned, 200 of each needed");
                assertThat(DeskHarness.list(check.get("clues"))).as(sample).isEmpty();
            }
        }
        try (DeskHarness d = new DeskHarness(young, tmp.resolve("ready"), "policy:\n  bayes-min-ham: 5\n  bayes-min-spam: 3\n")) {
            for (String sample : samples) {
                Map<String, Object> check = d.json(d.post("/api/check", Files.readAllBytes(SAMPLES.resolve("held-out").resolve(sample)),
                        "Authorization", admin()));
                assertThat(check).as(sample).containsEntry("bayes_used", true).doesNotContainKey("bayes_not_used");
                assertThat(check.get("verdict")).as(sample).isIn("ham", "spam", "unsure");
                assertThat(check.get("probability")).as(sample).isInstanceOf(Number.class);
                assertThat(DeskHarness.list(check.get("clues"))).as(sample).isNotEmpty();
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
