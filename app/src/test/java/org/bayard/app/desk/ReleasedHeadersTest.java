package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.SmtpClient;
import org.junit.jupiter.api.Test;

/**
 * A message held by the gate and released by a moderator reaches the recipient with the
 * X-Spam-* fields it was judged with, marked as not spam, and with X-Bayard-Released naming who
 * released it and when; whatever X-Spam-* or X-Bayard-* fields the sender wrote are gone, as for
 * mail the gate passes. It went out as it came in, the sender's forged fields and all.
 */
class ReleasedHeadersTest extends TrainedDesk {
    private static final String FORGED = """
            From: someone@example.org\r
            To: b@example.test\r
            Subject: quarterly figures\r
            X-Spam-Flag: NO\r
            X-Spam-Status: No, score=-99.0 required=5.0 tests=FORGED\r
            X-Spam-Score: -99.0\r
            X-Spam-Level:\s\r
            X-Bayard-Classification: ham; p=0.0000\r
            X-Bayard-Released: by the boss; trust me\r
            \r
            The figures are attached as promised, see you on Monday.\r
            """;

    @Test
    void aReleasedMessageCarriesTheFieldsItWasHeldWithNotFlaggedAndNamesItsModerator() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        try (SmtpClient c = new SmtpClient(d.gate.port())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.send("EHLO client.test\r\n")).startsWith("250");
            assertThat(c.send("MAIL FROM:<someone@example.org>\r\n")).startsWith("250");
            assertThat(c.send("RCPT TO:<b@example.test>\r\n")).startsWith("250");
            assertThat(c.send("DATA\r\n")).startsWith("354");
            assertThat(c.send(FORGED + ".\r\n")).isEqualTo("250 2.0.0 Ok: held");
        }
        List<String> held = d.heldIds();
        assertThat(held).hasSize(1);
        double heldScore = ((Number) d.gate.quarantine().metadata(held.get(0)).get("score")).doubleValue();

        HttpResponse<String> r = d.post("/api/quarantine/" + held.get(0) + "/release", new byte[0], "Authorization",
                DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        assertThat(d.sink.delivered).hasSize(1);
        RecordingSink.Delivered out = d.sink.delivered.get(0);
        String head = out.text().substring(0, out.text().indexOf("\r\n\r\n") + 2);
        assertThat(fields(head, "X-Spam-Flag")).containsExactly("NO");
        // held at or above required=, so the release's own test takes the score below it: "No" agrees
        String releasedScore = String.format(java.util.Locale.ROOT, "%.1f", -1000.0 - 100.0);
        assertThat(heldScore).isGreaterThanOrEqualTo(-1000.0);
        assertThat(fields(head, "X-Spam-Score")).containsExactly(releasedScore);
        List<String> status = fields(head, "X-Spam-Status");
        assertThat(status).hasSize(1);
        assertThat(status.get(0)).startsWith("No, score=" + releasedScore + " required=-1000.0 tests=BAYES_")
                .contains(",MODERATOR_RELEASED autolearn=").doesNotContain("FORGED");
        assertThat(fields(head, "X-Bayard-Classification")).hasSize(1).noneMatch(v -> v.equals("ham; p=0.0000"));
        assertThat(fields(head, "X-Spam-Level")).isEmpty();
        List<String> released = fields(head, "X-Bayard-Released");
        assertThat(released).hasSize(1);
        assertThat(released.get(0)).startsWith("by " + DeskHarness.ADMIN + " via the HTTP API; ")
                .matches(".*; [A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
        // the rest of the message as the sender wrote it
        assertThat(head).contains("Subject: quarterly figures\r\n");
        assertThat(out.text()).endsWith("\r\n\r\nThe figures are attached as promised, see you on Monday.\r\n");
    }

    /**
     * An item whose sidecar keeps no fields (held before it did) is released with what its score
     * and symbols say; fields in a sidecar that are not ours, or whose value would break the
     * header, are left out rather than written into the message.
     */
    @Test
    void aSidecarWithoutFieldsGetsThemFromItsScoreAndAnEditedOneCannotAddOthers() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        byte[] message = FORGED.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String old = d.hold("OLD1.1", "someone@example.org", List.of("b@example.test"), message);
        Map<String, Object> meta = new LinkedHashMap<>(d.gate.quarantine().metadata(old));
        meta.put("release_headers", List.of(Map.of("name", "X-Spam-Score", "value", "2.0\r\nBcc: everyone@example.test"),
                Map.of("name", "Bcc", "value", "everyone@example.test"), Map.of("name", "X-Spam-Flag", "value", "NO")));
        String edited = "EDITED1.1";
        d.gate.quarantine().spool().hold(edited, new java.io.ByteArrayInputStream(message), DeskHarness.JSON.writeValueAsBytes(meta));
        for (String id : List.of(old, edited)) {
            HttpResponse<String> r = d.post("/api/quarantine/" + id + "/release", new byte[0], "Authorization",
                    DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        assertThat(d.sink.delivered).hasSize(2);
        String fromScore = d.sink.delivered.get(0).text();
        fromScore = fromScore.substring(0, fromScore.indexOf("\r\n\r\n") + 2);
        assertThat(fields(fromScore, "X-Spam-Flag")).containsExactly("NO");
        assertThat(fields(fromScore, "X-Spam-Score")).containsExactly("4.2");
        assertThat(fields(fromScore, "X-Spam-Status")).containsExactly("No, score=4.2 tests=BAYES_50");
        assertThat(fields(fromScore, "X-Bayard-Classification")).isEmpty();
        assertThat(fields(fromScore, "X-Bayard-Released")).hasSize(1);
        String fromEdited = d.sink.delivered.get(1).text();
        fromEdited = fromEdited.substring(0, fromEdited.indexOf("\r\n\r\n") + 2);
        assertThat(fromEdited).doesNotContainIgnoringCase("bcc");
        assertThat(fields(fromEdited, "X-Spam-Flag")).containsExactly("NO");
        assertThat(fields(fromEdited, "X-Spam-Score")).isEmpty();
        assertThat(fields(fromEdited, "X-Bayard-Released")).hasSize(1);
    }

    /** The values of every field named {@code name} in {@code head}, in order. */
    /**
     * A release through the API (a script, curl) was written "via the moderation page", as one on
     * the page is: a postmaster tracing who let a message through read a person's click where a
     * program had acted. The field now says which door the decision came through.
     */
    @Test
    void theReleasedFieldSaysWhetherThePageOrTheApiReleasedIt() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL);
        byte[] message = FORGED.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String onPage = d.hold("PAGE1.1", "someone@example.org", List.of("b@example.test"), message);
        String byApi = d.hold("API1.1", "someone@example.org", List.of("b@example.test"), message);

        HttpResponse<String> login = d.post("/login", ("user=" + DeskHarness.ADMIN + "&password="
                + DeskHarness.ADMIN_PW.replace(" ", "+")).getBytes(), "Content-Type", "application/x-www-form-urlencoded");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String csrf = d.get("/ui/queue", "Cookie", cookie).body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        assertThat(d.post("/ui/action", ("csrf=" + csrf + "&action=release&id=" + onPage).getBytes(), "Cookie", cookie,
                "Content-Type", "application/x-www-form-urlencoded", "Origin", d.base()).statusCode()).isEqualTo(303);
        assertThat(d.post("/api/quarantine/" + byApi + "/release", new byte[0], "Authorization",
                DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW)).statusCode()).isEqualTo(200);

        assertThat(d.sink.delivered).hasSize(2);
        assertThat(fields(d.sink.delivered.get(0).text(), "X-Bayard-Released")).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("by " + DeskHarness.ADMIN + " via the moderation page; ");
        assertThat(fields(d.sink.delivered.get(1).text(), "X-Bayard-Released")).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("by " + DeskHarness.ADMIN + " via the HTTP API; ");
    }

    static List<String> fields(String head, String name) {
        Matcher m = Pattern.compile("(?im)^" + Pattern.quote(name) + ":[ \\t]?(.*)$").matcher(head.replace("\r\n", "\n"));
        List<String> values = new java.util.ArrayList<>();
        while (m.find()) values.add(m.group(1));
        return values;
    }
}
