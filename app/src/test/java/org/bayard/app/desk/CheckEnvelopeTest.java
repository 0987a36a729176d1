package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.junit.jupiter.api.Test;

/**
 * The checks' envelope over real HTTP: Rspamd's {@code IP}, {@code From} and {@code Rcpt} headers
 * go through the gate's own traps, bypass list and sender blocklist, and come out as the gate's
 * outcome in Rspamd's words (and ours on /api/check); a check never learns, not even a trap's mail.
 */
class CheckEnvelopeTest extends TrainedDesk {
    void start() throws Exception {
        Path bypass = tmp.resolve("bypass.txt");
        Files.writeString(bypass, "me@example.test\n");
        d = new DeskHarness(trained, tmp, "", "  spam-traps: [\"SpamTrap@example.test\"]\n  ham-traps: [\"hamtrap@example.test\", \"jörg@example.test\"]\n"
                + "  bypass-file: \"" + bypass + "\"\n  blocklist-hours: 3\n");
    }

    static byte[] sample(String name) throws Exception {
        return Files.readAllBytes(Path.of("../samples/held-out", name));
    }

    Map<String, Object> checkv2(byte[] message, String... headers) throws Exception {
        HttpResponse<String> r = d.post("/checkv2", message, with("Password", DeskHarness.READER_PW, headers));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return d.json(r);
    }

    Map<String, Object> apiCheck(byte[] message, String... headers) throws Exception {
        HttpResponse<String> r = d.post("/api/check", message,
                with("Authorization", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW), headers));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return d.json(r);
    }

    static String[] with(String name, String value, String... more) {
        String[] all = new String[more.length + 2];
        all[0] = name;
        all[1] = value;
        System.arraycopy(more, 0, all, 2, more.length);
        return all;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> symbols(Map<String, Object> reply) {
        return (Map<String, Map<String, Object>>) reply.get("symbols");
    }

    Totals totals() {
        try (ReadView v = d.engine.store().read()) {
            return v.totals();
        }
    }

    void block(String client, String sender) throws Exception {
        HttpResponse<String> r = d.post("/api/blocklist/add?client=" + client + "&sender=" + java.net.URLEncoder.encode(sender, StandardCharsets.UTF_8), new byte[0],
                "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void withoutEnvelopeHeadersTheMessageAloneIsScoredEvenWhenTheCallersAddressIsBlocklisted() throws Exception {
        start();
        block("127.0.0.1", "spammer@example.net");
        Map<String, Object> plain = checkv2(sample("ham-2.eml"));
        assertThat(plain.get("is_skipped")).isEqualTo(false);
        assertThat(plain.get("action")).isIn("no action", "add header", "reject");
        assertThat(symbols(plain).keySet()).anyMatch(n -> n.startsWith("BAYES_"))
                .noneMatch(n -> n.equals("BLOCKLISTED") || n.equals("BYPASS") || n.endsWith("_TRAP"));
        // the headers that name no list (Helo, Queue-Id) change nothing either
        assertThat(checkv2(sample("ham-2.eml"), "Helo", "mx.example.net", "Queue-Id", "Q1").get("score")).isEqualTo(plain.get("score"));
    }

    @Test
    void mailOnlyForTrapsIsDiscardedAsTheGateConsumesItButACheckLearnsNothing() throws Exception {
        start();
        byte[] spam = sample("spam-3.eml");
        Totals before = totals();
        Map<String, Object> r = checkv2(spam, "IP", "192.0.2.7", "From", "someone@example.net", "Rcpt", "spamtrap@EXAMPLE.test");
        assertThat(r.get("action")).isEqualTo("discard");
        assertThat(symbols(r)).containsKey("SPAM_TRAP");
        assertThat(String.valueOf(symbols(r).get("SPAM_TRAP").get("options"))).contains("not learned");
        assertThat(r).doesNotContainKey("milter");
        assertThat(totals()).isEqualTo(before);
        assertThat(d.ledger(spam)).isEmpty();

        Map<String, Object> ours = apiCheck(spam, "Rcpt", "hamtrap@example.test");
        assertThat(ours.get("action")).isEqualTo("trap");
        assertThat(DeskHarness.list(ours.get("symbols"))).anyMatch(s -> s.contains("HAM_TRAP"));
        assertThat(totals()).isEqualTo(before);
    }

    @Test
    void theGateCountsMailForATrapAndRealRecipientsUnderWhatItDidForTheRealOnes() throws Exception {
        start();
        String session = d.swaksTranscript(Path.of("../samples/held-out/spam-3.eml"), "someone@example.net", "spamtrap@example.test,list@example.test");
        assertThat(session).contains("<** 550 5.7.1 message refused as spam"); // for list@; the trap learned it
        String metrics = d.get("/metrics", "Authorization", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW)).body();
        assertThat(metrics).doesNotContain("action=\"trap");
        double counted = 0;
        for (String a : List.of("accept", "tag", "hold", "reject")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("bayard_messages_total\\{action=\"" + a + "\"} ([0-9.]+)").matcher(metrics);
            assertThat(m.find()).as(a).isTrue();
            counted += Double.parseDouble(m.group(1));
        }
        assertThat(counted).isEqualTo(1.0);
    }

    /**
     * bayard_learns_total{class,source} and the dashboard's learn counts had only the API's and
     * the moderators' learns: what the gate itself learned (a trap's mail, autolearn) was never
     * counted, so a site could not see how much its traps and autolearn taught the store.
     */
    @Test
    void theGatesOwnLearnsAreCountedByClassAndSource() throws Exception {
        d = new DeskHarness(trained, tmp, "autolearn:\n  enabled: true\n", "  spam-traps: [\"spamtrap@example.test\"]\n");
        assertThat(d.swaksTranscript(Path.of("../samples/held-out/spam-3.eml"), "someone@example.net", "spamtrap@example.test"))
                .contains("<-  250 ");
        assertThat(d.swaksTranscript(Path.of("../samples/held-out/ham-2.eml"), "friend@example.org", "list@example.test"))
                .contains("<-  250 ");
        // the same message again: already learned, so not counted a second time
        assertThat(d.swaksTranscript(Path.of("../samples/held-out/spam-3.eml"), "someone@example.net", "spamtrap@example.test"))
                .contains("<-  250 ");
        assertThat(d.log.toString(StandardCharsets.UTF_8)).contains("autolearn=ham");
        String metrics = d.get("/metrics", "Authorization", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW)).body();
        assertThat(metrics).contains("bayard_learns_total{class=\"spam\",source=\"trap\"} 1.0",
                "bayard_learns_total{class=\"ham\",source=\"autolearn\"} 1.0");
        Map<String, Object> stats = d.json(d.get("/api/stats", "Authorization", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW)));
        assertThat(String.valueOf(stats.get("learns"))).contains("spam/trap=1", "ham/autolearn=1");
    }

    /**
     * Autolearn reported {@code autolearn=ham} for every copy of a message it had learned before,
     * although the ledger knew it by its digest and nothing changed, and each copy counted in
     * bayard_learns_total again. As SpamAssassin does, a message not learned now says
     * {@code autolearn=no} in its header, the log line does not claim a learn, and nothing is counted.
     */
    @Test
    void aMessageAutolearnedBeforeSaysAutolearnNoAndIsNotCountedAgain() throws Exception {
        d = new DeskHarness(trained, tmp, "autolearn:\n  enabled: true\n", "");
        Path ham = Path.of("../samples/held-out/ham-2.eml");
        long hamBefore = totals().ham();
        assertThat(d.swaksTranscript(ham, "friend@example.org", "list@example.test")).contains("<-  250 ");
        assertThat(d.swaksTranscript(ham, "friend@example.org", "list@example.test")).contains("<-  250 ");
        assertThat(totals().ham()).isEqualTo(hamBefore + 1);
        assertThat(d.sink.delivered).hasSize(2);
        assertThat(d.sink.delivered.get(0).text()).contains("autolearn=ham ");
        assertThat(d.sink.delivered.get(1).text()).contains("autolearn=no ");
        org.bayard.app.Await.until(() -> decisions().size() == 2);
        assertThat(decisions().get(0)).contains("autolearn=ham");
        assertThat(decisions().get(1)).doesNotContain("autolearn");
        String metrics = d.get("/metrics", "Authorization", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW)).body();
        assertThat(metrics).contains("bayard_learns_total{class=\"ham\",source=\"autolearn\"} 1.0");
    }

    /**
     * A delayed attempt of unsure mail counts as {@code unsure}, but on the dashboard, which shows
     * decisions, only once it is held; a held unsure message counts as a hold and an unsure verdict.
     */
    @Test
    void aDelayedUnsureAttemptCountsAsUnsureAndAHeldOneAsAnUnsureHold() throws Exception {
        d = new DeskHarness(trained, tmp, "", "  unsure-delay-seconds: 300\n");
        Path unsure = Path.of("../samples/held-out/ham-1.eml");
        assertThat(d.swaksTranscript(unsure, "b@example.org", "list@example.test")).contains("<** 451 4.7.1");
        String metrics = d.get("/metrics", "Authorization", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW)).body();
        assertThat(metrics).contains("bayard_messages_total{action=\"unsure\"} 1.0", "bayard_messages_total{action=\"hold\"} 0.0");
        assertThat(d.metrics.history(java.time.Duration.ofHours(1), 1).get(0)).containsOnly(0L);
        d.close();
        d = null; // closed once, whatever the next start does

        d = new DeskHarness(trained, tmp.resolve("undelayed"), "", "");
        assertThat(d.swaksTranscript(unsure, "b@example.org", "list@example.test")).contains("<-  250 2.0.0 Ok: held");
        long[] thisHour = d.metrics.history(java.time.Duration.ofHours(1), 1).get(0);
        int hold = org.bayard.http.Metrics.ACTIONS.indexOf("hold");
        assertThat(thisHour[hold]).isEqualTo(1);
        assertThat(thisHour[org.bayard.http.Metrics.ACTIONS.size()]).isEqualTo(1); // the unsure verdicts' column
    }

    /**
     * The unsure column counts what Bayes' unsure verdict decided, from the gate and from a check
     * alike: an unsure message whose score reaches the reject score is a reject and nothing more,
     * as its unsure verdict chose nothing. (A check counted every unsure verdict.)
     */
    @Test
    void anUnsureMessageRejectedByItsScoreIsNotCountedUnsureByTheGateNorByACheck() throws Exception {
        d = new DeskHarness(trained, tmp, "policy:\n  reject-score: 1.0\n  hold-score: 1.0\n  tag-score: 1.0\n");
        Path unsure = tmp.resolve("unsure-without-id.eml");
        Files.writeString(unsure, Files.readString(Path.of("../samples/held-out/ham-1.eml"), StandardCharsets.ISO_8859_1)
                .replaceFirst("(?m)^Message-Id: .*\r?\n", ""), StandardCharsets.ISO_8859_1); // MISSING_MESSAGE_ID: 1 point
        Map<String, Object> check = checkv2(Files.readAllBytes(unsure));
        assertThat(check.get("action")).isEqualTo("reject");
        assertThat(symbols(check)).containsKey("MISSING_MESSAGE_ID");
        assertThat(symbols(check).keySet()).containsAnyOf("BAYES_20", "BAYES_40", "BAYES_60", "BAYES_80"); // Bayes unsure
        assertThat(d.swaksTranscript(unsure, "b@example.org", "list@example.test")).contains("<** 550 5.7.1");
        long[] thisHour = d.metrics.history(java.time.Duration.ofHours(1), 1).get(0);
        assertThat(thisHour[org.bayard.http.Metrics.ACTIONS.indexOf("reject")]).isEqualTo(2);
        assertThat(thisHour[org.bayard.http.Metrics.ACTIONS.size()]).isZero();
    }

    /** The gate's decision lines written so far. */
    List<String> decisions() {
        return d.log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"event\":\"message\"")).toList();
    }

    @Test
    void aTrapAmongRealRecipientsLeavesTheMessageScoredForTheOthers() throws Exception {
        start();
        byte[] spam = sample("spam-3.eml");
        Map<String, Object> plain = checkv2(spam);
        Map<String, Object> mixed = checkv2(spam, "Rcpt", "spamtrap@example.test", "Rcpt", "list@example.test");
        assertThat(mixed.get("action")).isEqualTo(plain.get("action"));
        assertThat(mixed.get("score")).isEqualTo(plain.get("score"));
        assertThat(symbols(mixed)).containsKey("SPAM_TRAP");
        assertThat(d.ledger(spam)).isEmpty();
        // a spam trap and a ham trap: the gate learns neither, and says so
        Map<String, Object> both = checkv2(spam, "Rcpt", "spamtrap@example.test", "Rcpt", "hamtrap@example.test");
        assertThat(both.get("action")).isEqualTo("discard");
        assertThat(symbols(both)).containsKeys("SPAM_TRAP", "HAM_TRAP");
    }

    @Test
    void mailWhoseEveryRecipientIsBypassedIsSkippedButOneFilteredRecipientFiltersIt() throws Exception {
        start();
        byte[] spam = sample("spam-3.eml");
        Map<String, Object> r = checkv2(spam, "Rcpt", "<Me@example.test>");
        assertThat(r.get("is_skipped")).isEqualTo(true);
        assertThat(r.get("action")).isEqualTo("no action");
        assertThat(r).doesNotContainKey("milter");
        assertThat(symbols(r)).containsOnlyKeys("BYPASS");
        assertThat(apiCheck(spam, "Rcpt", "me@example.test").get("action")).isEqualTo("bypass");

        Map<String, Object> plain = checkv2(spam);
        Map<String, Object> two = checkv2(spam, "Rcpt", "me@example.test", "Rcpt", "list@example.test");
        assertThat(two.get("is_skipped")).isEqualTo(false);
        assertThat(two.get("score")).isEqualTo(plain.get("score"));
        // a trap does not make the rest "every recipient": the bypassed one gets it unfiltered, as at the gate
        assertThat(checkv2(spam, "Rcpt", "me@example.test", "Rcpt", "spamtrap@example.test").get("is_skipped")).isEqualTo(true);
    }

    @Test
    void aBlocklistedClientAndSenderIsRejectedAsAtRcpt() throws Exception {
        start();
        block("192.0.2.7", "spammer@example.net");
        byte[] ham = sample("ham-2.eml");
        Map<String, Object> r = checkv2(ham, "IP", "192.0.2.7", "From", "<Spammer@example.net>", "Rcpt", "list@example.test");
        assertThat(r.get("action")).isEqualTo("reject");
        assertThat(symbols(r)).containsOnlyKeys("BLOCKLISTED");
        assertThat(String.valueOf(symbols(r).get("BLOCKLISTED").get("options"))).contains("sender refused");
        assertThat(apiCheck(ham, "IP", "192.0.2.7", "From", "spammer@example.net").get("action")).isEqualTo("blocklisted");
        // refused at RCPT even when it is for a bypassed address, as the gate refuses it
        assertThat(checkv2(ham, "IP", "192.0.2.7", "From", "spammer@example.net", "Rcpt", "me@example.test").get("action")).isEqualTo("reject");
        // the pair decides: another client, another sender, or a pair half given is not blocked
        for (String[] other : List.of(new String[] {"IP", "192.0.2.8", "From", "spammer@example.net"},
                new String[] {"IP", "192.0.2.7", "From", "friend@example.net"}, new String[] {"IP", "192.0.2.7"},
                new String[] {"From", "spammer@example.net"})) {
            assertThat(checkv2(ham, other).get("action")).as(String.join(" ", other)).isNotEqualTo("reject");
        }
        block("192.0.2.9", "<>");
        assertThat(checkv2(ham, "IP", "::ffff:192.0.2.9", "From", "<>").get("action")).isEqualTo("reject");
    }

    @Test
    void malformedEnvelopeValuesAre400NamingTheHeader() throws Exception {
        start();
        byte[] ham = sample("ham-2.eml");
        for (String[] bad : List.of(new String[] {"IP", "mail.example.net"}, new String[] {"IP", "999.1.1.1"},
                new String[] {"From", "not an address"}, new String[] {"Rcpt", "nobody"}, new String[] {"Rcpt", "<>"},
                new String[] {"Rcpt", "a@example.test, b@example.test"}, new String[] {"IP", "192.0.2.1", "IP", "192.0.2.2"})) {
            for (String path : List.of("/checkv2", "/api/check")) {
                HttpResponse<String> r = d.post(path, ham, with("Authorization", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW), bad));
                assertThat(r.statusCode()).as(path + " " + String.join(" ", bad)).isEqualTo(400);
                assertThat(r.body()).as(path).contains(bad[0]).doesNotContain("Exception");
            }
        }
        byte[] notUtf8 = {'j', (byte) 0xF6, 'r', 'g', '@', 'x', '.', 't', 'e', 's', 't'};
        String status = rawCheck(header("Rcpt", notUtf8), ham);
        assertThat(status).startsWith("HTTP/1.1 400").contains("Rcpt").contains("UTF-8");
    }

    /**
     * An IP header of hex letters and dots (cafe.de) passed the address check and was looked up
     * in DNS, so a caller could make the service resolve names and be judged as whatever address
     * they gave; "1.2.3" was read as 1.2.0.3. Both are now a 400 naming the header, no lookup.
     */
    @Test
    void anIpHeaderThatIsNotAnAddressInNumbersIsNeverLookedUp() throws Exception {
        start();
        byte[] ham = sample("ham-2.eml");
        org.bayard.smtp.LookupSpy.LOOKED_UP.clear();
        for (String ip : List.of(org.bayard.smtp.LookupSpy.TRAP, "1.2.3")) {
            HttpResponse<String> r = d.post("/checkv2", ham, "Authorization", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW), "IP", ip);
            assertThat(r.statusCode()).as(ip).isEqualTo(400);
            assertThat(r.body()).contains("IP: not an IP address");
        }
        assertThat(org.bayard.smtp.LookupSpy.LOOKED_UP).doesNotContain(org.bayard.smtp.LookupSpy.TRAP);
    }

    @Test
    void aUtf8RecipientIsMatchedAsText() throws Exception {
        start();
        String reply = rawCheck(header("Rcpt", "JÖRG@example.test".toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8)),
                sample("ham-2.eml"));
        assertThat(reply).startsWith("HTTP/1.1 200").contains("\"action\":\"discard\"").contains("HAM_TRAP");
    }

    /**
     * The same envelopes through the gate itself (SMTP from 127.0.0.1) and through /checkv2 with
     * that IP: the check answers what the gate did. Checked first, as the gate learns trap mail.
     */
    @Test
    void theCheckAnswersWhatTheGateDoesWithTheSameEnvelope() throws Exception {
        start();
        block("127.0.0.1", "spammer@example.net");
        byte[] ham = sample("ham-2.eml");
        List<List<String>> envelopes = List.of(List.of("friend@example.org", "spamtrap@example.test"),
                List.of("friend@example.org", "me@example.test"), List.of("friend@example.org", "me@example.test", "list@example.test"),
                List.of("spammer@example.net", "list@example.test"), List.of("spammer@example.net", "spamtrap@example.test", "list@example.test"),
                List.of("spammer@example.net", "me@example.test"));
        for (List<String> e : envelopes) {
            List<String> headers = new java.util.ArrayList<>(List.of("IP", "127.0.0.1", "From", e.get(0)));
            for (String rcpt : e.subList(1, e.size())) headers.addAll(List.of("Rcpt", rcpt));
            Map<String, Object> check = checkv2(ham, headers.toArray(String[]::new));
            String action = String.valueOf(check.get("action"));
            String checked = check.get("is_skipped").equals(true) ? "skipped"
                    : action.equals("reject") || action.equals("discard") ? action : "filtered";
            assertThat(checked).as(e.toString()).isEqualTo(gate(ham, e.get(0), e.subList(1, e.size())));
        }
    }

    /** What the gate did, in the check's words: reject (any recipient or the message refused), discard, skipped, or filtered. */
    String gate(byte[] message, String from, List<String> rcpts) throws Exception {
        int delivered = d.sink.delivered.size();
        try (org.bayard.smtp.SmtpClient c = new org.bayard.smtp.SmtpClient(d.gate.port())) {
            c.reply();
            c.send("EHLO client.test\r\n");
            assertThat(c.send("MAIL FROM:<" + from + ">\r\n")).startsWith("250");
            boolean refused = false;
            boolean accepted = false;
            for (String r : rcpts) {
                String reply = c.send("RCPT TO:<" + r + ">\r\n");
                refused |= reply.startsWith("550");
                accepted |= reply.startsWith("250");
            }
            if (!accepted) return "reject";
            assertThat(c.send("DATA\r\n")).startsWith("354");
            String end = c.send(new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\n", "\r\n")
                    .replace("\r\n.", "\r\n..") + "\r\n.\r\n");
            if (refused || end.startsWith("550")) return "reject";
            if (end.contains("held")) return "filtered";
            if (d.sink.delivered.size() == delivered) return "discard";
            String text = d.sink.delivered.get(d.sink.delivered.size() - 1).text();
            return text.contains("X-Spam-Status") ? "filtered" : "skipped";
        }
    }

    static byte[] header(String name, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((name + ": ").getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(value);
        b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    /** A /checkv2 with one header of raw bytes (the JDK's client sends only ASCII); the whole response as Latin-1 text. */
    String rawCheck(byte[] extraHeader, byte[] message) throws Exception {
        try (Socket s = new Socket("127.0.0.1", d.web.port())) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /checkv2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\nPassword: " + DeskHarness.READER_PW
                    + "\r\nContent-Length: " + message.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(extraHeader);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(message);
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
