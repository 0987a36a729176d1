package org.bayard.app.desk;

import org.bayard.app.Commands;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bayard.core.store.MailClass;
import org.junit.jupiter.api.Test;

/**
 * The real {@code rspamc} (Debian's rspamd package) against {@code bayard serve}'s HTTP API on a
 * free loopback port: what it prints for a scan, a learn and every refusal. rspamc shows a refused
 * request as "HTTP error: CODE, REASON" from the status line alone (the body only with {@code -j}),
 * so the reason has to say why in words.
 */
class RspamcTest extends TrainedDesk {
    /** What rspamc printed (stdout and stderr together), how it exited, and how long it took. */
    record Run(String out, int exit, long millis) {}

    Run rspamc(Path input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rspamc", "-h", "127.0.0.1:" + d.web.port(), "-t", "30"));
        cmd.addAll(List.of(args));
        long t0 = System.nanoTime();
        Commands.Ran ran = Commands.run(new ProcessBuilder(cmd).redirectInput(input.toFile()).redirectErrorStream(true), 60);
        assertThat(ran.timedOut()).isFalse();
        return new Run(ran.output(), ran.exit(), (System.nanoTime() - t0) / 1_000_000);
    }

    static Path sample(String name) {
        return Path.of("../samples/held-out", name);
    }

    void start() throws IOException {
        d = new DeskHarness(trained, tmp, "");
    }

    /** The line rspamc prints for a symbol of the /checkv2 reply: "Symbol: NAME (SCORE)[OPTIONS]". */
    static String symbolLine(String name, Map<String, Object> sym) {
        return String.format(Locale.ROOT, "Symbol: %s (%.2f)[%s]", name, ((Number) sym.get("score")).doubleValue(),
                String.join(", ", DeskHarness.list(sym.get("options"))));
    }

    @SuppressWarnings("unchecked")
    void assertShowsTheScan(Run run, Path message) throws Exception {
        HttpResponse<String> r = d.post("/checkv2", Files.readAllBytes(message), "Password", DeskHarness.READER_PW);
        Map<String, Object> j = d.json(r);
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("[Metric: default]\n", "Action: " + j.get("action") + "\n",
                String.format(Locale.ROOT, "Score: %.2f / %.2f%n", ((Number) j.get("score")).doubleValue(),
                        ((Number) j.get("required_score")).doubleValue()));
        Map<String, Map<String, Object>> symbols = (Map<String, Map<String, Object>>) j.get("symbols");
        assertThat(symbols).isNotEmpty();
        symbols.forEach((name, sym) -> assertThat(run.out()).contains(symbolLine(name, sym) + "\n"));
    }

    @Test
    void symbolsShowsActionScoreRequiredScoreAndSymbolsForSpamAndHam() throws Exception {
        start();
        Run spam = rspamc(sample("spam-1.eml"), "-P", DeskHarness.READER_PW, "symbols");
        assertShowsTheScan(spam, sample("spam-1.eml"));
        assertThat(spam.out()).contains("Action: reject\n", "Spam: true\n", "Symbol: BAYES_");
        Run ham = rspamc(sample("ham-2.eml"), "-P", DeskHarness.READER_PW, "symbols");
        assertShowsTheScan(ham, sample("ham-2.eml"));
        assertThat(ham.out()).contains("Action: no action\n", "Spam: false\n", "Symbol: BAYES_00");
        // rspamc's own envelope options reach the gate's lists: the Ip, From and Rcpt headers it sends
        Run envelope = rspamc(sample("ham-2.eml"), "-P", DeskHarness.READER_PW, "-i", "192.0.2.7", "-F", "someone@example.net",
                "-r", "list@example.test", "--helo", "mx.example.net", "-u", "user", "symbols");
        assertThat(envelope.exit()).as(envelope.out()).isZero();
        assertThat(envelope.out()).contains("Action: no action\n");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonOutputHasRspamdsFieldsWithRspamdsTypes() throws Exception {
        start();
        Run run = rspamc(sample("spam-2.eml"), "-P", DeskHarness.READER_PW, "-j", "symbols");
        assertThat(run.exit()).as(run.out()).isZero();
        Map<String, Object> j = DeskHarness.JSON.readValue(run.out(), new tools.jackson.core.type.TypeReference<Map<String, Object>>() {});
        assertThat(j.get("action")).isIn("reject", "add header", "no action");
        assertThat(j.get("score")).isInstanceOf(Number.class);
        assertThat(j.get("required_score")).isInstanceOf(Number.class);
        assertThat(j.get("is_skipped")).isEqualTo(false);
        Map<String, Map<String, Object>> symbols = (Map<String, Map<String, Object>>) j.get("symbols");
        assertThat(symbols).isNotEmpty();
        symbols.forEach((name, s) -> {
            assertThat(s.get("name")).isEqualTo(name);
            assertThat(s.get("score")).isInstanceOf(Number.class);
            assertThat(s.get("options")).isInstanceOf(List.class);
        });
    }

    /**
     * Rspamd gives the Message-ID without its angle brackets, and with each space or control
     * character as '?'; rspamc prints it so, and scripts match it against Rspamd's history and
     * logs. Bayard gave the field's text as it was, brackets and all.
     */
    @Test
    void theMessageIdIsShownAsRspamdGivesIt() throws Exception {
        start();
        Run ham = rspamc(sample("ham-2.eml"), "-P", DeskHarness.READER_PW, "symbols");
        assertThat(ham.out()).contains("Message-ID: 200209061424.g86EOcd14363@pcp02138704pcs.reston01.va.comcast.net\n");
        Run spam = rspamc(sample("spam-1.eml"), "-P", DeskHarness.READER_PW, "symbols");
        assertThat(spam.out()).contains("Message-ID: PM20004:51:06?PM\n");
        Path none = tmp.resolve("no-id.eml");
        Files.writeString(none, "From: a@example.org\nSubject: hello\n\nhello\n");
        assertThat(rspamc(none, "-P", DeskHarness.READER_PW, "symbols").out()).contains("Message-ID: undef\n");
    }

    @Test
    void learnSpamAndLearnHamLearnAndALearnedMessageIsSaidToBe() throws Exception {
        start();
        Path fresh = sample("ham-3.eml");
        byte[] message = Files.readAllBytes(fresh);
        assertThat(d.ledger(message)).isEmpty();
        Run spam = rspamc(fresh, "-P", DeskHarness.ADMIN_PW, "learn_spam");
        assertThat(spam.exit()).as(spam.out()).isZero();
        assertThat(spam.out()).contains("success = true;");
        assertThat(d.ledger(message)).contains(MailClass.SPAM);
        // Rspamd answers 208 with an error for a message learned before; rspamc shows it and exits 0
        Run again = rspamc(fresh, "-P", DeskHarness.ADMIN_PW, "learn_spam");
        assertThat(again.exit()).as(again.out()).isZero();
        assertThat(again.out()).contains("error = \"", "already been learned as spam");
        Run ham = rspamc(fresh, "-P", DeskHarness.ADMIN_PW, "learn_ham");
        assertThat(ham.exit()).as(ham.out()).isZero();
        assertThat(ham.out()).contains("success = true;");
        assertThat(d.ledger(message)).contains(MailClass.HAM);
    }

    @Test
    void aMissingOrWrongPasswordOrAReadOnlyAccountIsToldWhy() throws Exception {
        start();
        Run none = rspamc(sample("spam-1.eml"), "symbols");
        assertThat(none.exit()).isNotZero();
        assertThat(none.out()).contains("HTTP error: 401, credentials required: a password (rspamc -P) or HTTP Basic");
        Run wrong = rspamc(sample("spam-1.eml"), "-P", "not the password", "symbols");
        assertThat(wrong.exit()).isNotZero();
        assertThat(wrong.out()).contains("HTTP error: 401, wrong password");
        Run reader = rspamc(sample("spam-1.eml"), "-P", DeskHarness.READER_PW, "learn_spam");
        assertThat(reader.exit()).isNotZero();
        assertThat(reader.out()).contains("HTTP error: 403, account viewer is read-only; this needs an admin account");
        assertThat(d.ledger(Files.readAllBytes(sample("spam-1.eml")))).isEmpty();
        // with -j rspamc also prints the body: its error says the same
        Run json = rspamc(sample("spam-1.eml"), "-j", "-P", DeskHarness.READER_PW, "learn_spam");
        assertThat(json.out()).contains("HTTP error: 403, account viewer is read-only; this needs an admin account\n"
                + "{\"error\":\"account viewer is read-only; this needs an admin account\"}");
    }

    /**
     * rspamc -z sends the message compressed with zstd (Compression: zstd): scored and learned as
     * the message it holds. The scan's answer comes back in zstd too (HttpApiTest), which rspamc reads.
     */
    @Test
    void aCompressedUploadIsScoredAndLearnedAsTheMessageItHolds() throws Exception {
        start();
        Run plain = rspamc(sample("spam-1.eml"), "-P", DeskHarness.READER_PW, "symbols");
        Run packed = rspamc(sample("spam-1.eml"), "-z", "-P", DeskHarness.READER_PW, "symbols");
        assertThat(packed.exit()).as(packed.out()).isZero();
        assertShowsTheScan(packed, sample("spam-1.eml"));
        assertThat(packed.out()).contains("Action: reject\n")
                .contains(plain.out().lines().filter(l -> l.startsWith("Score:")).findFirst().orElseThrow());
        Run learn = rspamc(sample("spam-2.eml"), "-z", "-P", DeskHarness.ADMIN_PW, "learn_spam");
        assertThat(learn.exit()).as(learn.out()).isZero();
        assertThat(d.ledger(Files.readAllBytes(sample("spam-2.eml")))).contains(org.bayard.core.store.MailClass.SPAM);
    }

    /** An unknown Rspamd command (here rspamc stat, which Bayard does not serve) gets a 404 that says so. */
    @Test
    void aCommandBayardDoesNotServeIsNamed() throws Exception {
        start();
        Run run = rspamc(sample("ham-2.eml"), "-P", DeskHarness.READER_PW, "stat");
        assertThat(run.exit()).isNotZero();
        assertThat(run.out()).contains("HTTP error: 404, not found: /stat");
    }

    /** rspamc -E sends no message, and asks with GET: it is told to POST, and nothing is learned. */
    @Test
    void withoutAMessageRspamcIsToldToPost() throws Exception {
        start();
        Path empty = Path.of("/dev/null");
        Run scan = rspamc(empty, "-E", "-P", DeskHarness.READER_PW, "symbols");
        assertThat(scan.exit()).isNotZero();
        assertThat(scan.out()).contains("HTTP error: 405, use POST");
        Run learn = rspamc(empty, "-E", "-P", DeskHarness.ADMIN_PW, "learn_spam");
        assertThat(learn.exit()).isNotZero();
        assertThat(learn.out()).contains("HTTP error: 405, state changes need POST");
    }

    /** A message over the server's limit (1 MB here) is refused with the limit and the setting's name. */
    @Test
    void aMessageOverTheLimitIsToldTheLimit() throws Exception {
        start();
        Path big = tmp.resolve("big.eml");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write(Files.readAllBytes(sample("spam-1.eml")));
            out.write(("x".repeat(76) + "\n").repeat((2 << 20) / 77).getBytes(StandardCharsets.US_ASCII));
        }
        Run run = rspamc(big, "-P", DeskHarness.READER_PW, "symbols");
        assertThat(run.exit()).isNotZero();
        assertThat(run.out()).contains("HTTP error: 413, message too large: the limit is 1048576 bytes (http.max-body-bytes)");
    }

    /**
     * A message over the server's limit (1 MB here) gets 413 from its declared length, before any
     * of it is read, and rspamc shows it: it writes the whole message before it reads the answer,
     * so the server reads off and drops the rest (never keeping it) instead of closing on it,
     * which rspamc showed as "IO write error: Broken pipe". The same for a refused password.
     */
    @Test
    void aMessageOverTheLimitIsRefusedPromptlyWithTheLimitInTheReason() throws Exception {
        start();
        Path big = tmp.resolve("big.eml");
        try (OutputStream out = Files.newOutputStream(big)) {
            out.write(Files.readAllBytes(sample("spam-1.eml")));
            byte[] line = ("x".repeat(76) + "\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < (24 << 20) / line.length; i++) out.write(line);
        }
        Run run = rspamc(big, "-P", DeskHarness.READER_PW, "symbols");
        assertThat(run.exit()).isNotZero();
        assertThat(run.out()).contains("HTTP error: 413, message too large: the limit is 1048576 bytes (http.max-body-bytes)");
        assertThat(run.millis()).isLessThan(15_000);
        Run learn = rspamc(big, "-P", DeskHarness.ADMIN_PW, "learn_spam");
        assertThat(learn.out()).contains("HTTP error: 413, message too large");
        Run anonymous = rspamc(big, "symbols");
        assertThat(anonymous.out()).contains("HTTP error: 401, credentials required");
        assertThat(d.get("/health").statusCode()).isEqualTo(200);
        Run after = rspamc(sample("ham-2.eml"), "-P", DeskHarness.READER_PW, "symbols");
        assertThat(after.out()).contains("Action: no action");
    }
}
