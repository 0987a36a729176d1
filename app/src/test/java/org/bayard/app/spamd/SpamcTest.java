package org.bayard.app.spamd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bayard.app.Await;
import java.util.Optional;
import org.bayard.app.CliAccess;
import org.bayard.app.Commands;
import org.bayard.app.Engine;
import org.bayard.app.SampleStore;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.config.SpamdConfig;
import org.bayard.app.desk.GateMetrics;
import org.bayard.app.desk.LateWrites;
import org.bayard.app.gate.GateService;
import org.bayard.core.policy.Decision;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.http.Metrics;
import org.bayard.net.ListenAddress;
import org.bayard.smtp.RecordingSink;
import org.bayard.spamd.SpamdService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code spamc} (Debian's spamc package) against the spamd door over the gate and a
 * trained store, on a free loopback port: what it prints and how it exits for each of its modes,
 * and that TELL learns and forgets in the store. The score, threshold and rules must be the
 * gate's own judgement of the message.
 */
class SpamcTest {
    @TempDir static Path shared;
    @TempDir Path tmp;
    static Path trained;

    RecordingSink sink;
    Engine engine;
    GateService gate;
    SpamdService spamd;
    /** Where the next start's door listens. */
    String listen = "127.0.0.1:0";
    final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void train() {
        trained = SampleStore.trained(shared.resolve("db"));
    }

    /** The certificate the door speaks TLS with; empty: plain TCP. */
    java.util.Optional<org.bayard.net.tls.TlsServer.Identity> tls = java.util.Optional.empty();

    void start(boolean allowTell) throws IOException {
        start(allowTell, "");
    }

    /** {@code smtpYaml}: more keys of the {@code smtp:} section (indented), or "". */
    void start(boolean allowTell, String smtpYaml) throws IOException {
        Path run = Files.createTempDirectory(tmp, "run"); // a start of its own: a test may restart with other settings
        Path db = SampleStore.copy(trained, run);
        sink = new RecordingSink();
        BayardConfig config = ConfigLoader.parse("smtp:\n  next-hop: \"127.0.0.1:" + sink.address().getPort() + "\"\n" + smtpYaml, "test");
        engine = Engine.open(config, db, CliAccess.quiet());
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        gate = GateService.start(engine, db, run.resolve("q"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                Clock.systemUTC(), out, new GateMetrics(new Metrics(Clock.systemUTC())));
        spamd = SpamdDoor.start(new SpamdConfig(listen, 4, allowTell), tls, Duration.ofSeconds(2), engine, gate, Clock.systemUTC(),
                new LateWrites(out), out);
    }

    @AfterEach
    void stop() throws Exception {
        if (spamd != null) spamd.close();
        if (gate != null) gate.close();
        if (engine != null) engine.close();
        if (sink != null) sink.close();
        spamd = null;
        gate = null;
        engine = null;
        sink = null;
    }

    static Path sample(String name) {
        return Path.of("../samples/held-out", name);
    }

    Commands.Ran spamc(Path input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(spamd.bound() instanceof ListenAddress.Unix unix
                ? List.of("spamc", "-U", unix.path().toString(), "-t", "30")
                : List.of("spamc", "-d", "127.0.0.1", "-p", String.valueOf(spamd.port()), "-t", "30"));
        cmd.addAll(List.of(args));
        Commands.Ran ran = Commands.run(new ProcessBuilder(cmd).redirectInput(input.toFile()), 60);
        assertThat(ran.timedOut()).isFalse();
        return ran;
    }

    /** The gate's own judgement of the message, which spamc must be shown. */
    Decision judged(Path message) throws IOException {
        return gate.decideInTime(gate.policy(), Files.readAllBytes(message));
    }

    static String out(Commands.Ran ran) {
        return new String(ran.out(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void checkPrintsTheGatesScoreAndThresholdAndExitsOneForSpam() throws Exception {
        start(false);
        double required = gate.policy().params().holdScore();
        Commands.Ran spam = spamc(sample("spam-1.eml"), "-c");
        assertThat(spam.exit()).as(spam.output()).isEqualTo(1);
        assertThat(out(spam)).isEqualTo(String.format(Locale.ROOT, "%.1f/%.1f%n", judged(sample("spam-1.eml")).score(), required));
        Commands.Ran ham = spamc(sample("ham-2.eml"), "-c");
        assertThat(ham.exit()).as(ham.output()).isZero();
        assertThat(out(ham)).isEqualTo(String.format(Locale.ROOT, "%.1f/%.1f%n", judged(sample("ham-2.eml")).score(), required));
        assertThat(judged(sample("ham-2.eml")).score()).isLessThan(required);
    }

    /**
     * spamc -U, as spamd's --socketpath serves it: the same answers over a Unix socket, made
     * read-write for its owner and group only (spamd.socket-mode), and gone once the door stops.
     */
    @Test
    void spamcReachesTheDoorOnAUnixSocket() throws Exception {
        Path socket = tmp.resolve("spamd.sock");
        listen = "unix:" + socket;
        start(true);
        assertThat(Files.getPosixFilePermissions(socket)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        double required = gate.policy().params().holdScore();
        Commands.Ran spam = spamc(sample("spam-1.eml"), "-c");
        assertThat(spam.exit()).as(spam.output()).isEqualTo(1);
        assertThat(out(spam)).isEqualTo(String.format(Locale.ROOT, "%.1f/%.1f%n", judged(sample("spam-1.eml")).score(), required));
        Commands.Ran learned = spamc(sample("ham-2.eml"), "-L", "ham");
        assertThat(learned.exit()).as(learned.output()).isZero();
        assertThat(learned.output()).contains("Message successfully un/learned");
        spamd.close();
        spamd = null;
        assertThat(socket).doesNotExist();
        Commands.Ran gone = Commands.run(new ProcessBuilder("spamc", "-U", socket.toString(), "-c").redirectInput(sample("ham-2.eml").toFile()), 60);
        assertThat(out(gone)).as("spamc's answer when no one listens: it cannot tell").isEqualTo("0/0\n");
    }

    @Test
    void symbolsAndReportNameEveryRuleTheGateFired() throws Exception {
        start(false);
        Decision d = judged(sample("spam-1.eml"));
        assertThat(d.symbols()).isNotEmpty();
        Commands.Ran symbols = spamc(sample("spam-1.eml"), "-y");
        assertThat(symbols.exit()).as(symbols.output()).isZero();
        assertThat(out(symbols)).isEqualTo(d.symbolNames());
        Commands.Ran report = spamc(sample("spam-1.eml"), "-R");
        assertThat(report.exit()).as(report.output()).isZero();
        assertThat(out(report)).startsWith(String.format(Locale.ROOT, "%.1f/%.1f%n", d.score(), gate.policy().params().holdScore()))
                .contains("Content analysis details:   (" + String.format(Locale.ROOT, "%.1f", d.score()) + " points");
        d.symbols().forEach(s -> assertThat(out(report)).contains(String.format(Locale.ROOT, "%4.1f %-22s ", s.points(), s.name())));
    }

    @Test
    void processWritesTheGatesFieldsInPlaceOfForgedOnesAndLeavesTheRest() throws Exception {
        start(false);
        String original = Files.readString(sample("ham-2.eml"), StandardCharsets.ISO_8859_1);
        Path forged = tmp.resolve("forged.eml");
        Files.writeString(forged, "X-Spam-Flag: YES\nX-Spam-Score: 99.0\n" + original, StandardCharsets.ISO_8859_1);
        Commands.Ran processed = spamc(forged);
        assertThat(processed.exit()).as(processed.output()).isZero();
        String text = out(processed);
        assertThat(text).containsOnlyOnce("X-Spam-Flag: ").contains("X-Spam-Flag: NO", "X-Spam-Status: No, score=")
                .doesNotContain("99.0").endsWith(original.substring(original.indexOf("\n\n") + 2));
        assertThat(text.lines().filter(l -> !l.startsWith("X-Spam-") && !l.startsWith("X-Bayard-")).toList())
                .isEqualTo(original.lines().toList());

        Commands.Ran headers = spamc(sample("spam-1.eml"), "--headers");
        assertThat(headers.exit()).as(headers.output()).isZero();
        String spamOriginal = Files.readString(sample("spam-1.eml"), StandardCharsets.ISO_8859_1);
        // the door answers the header block alone, and spamc puts the body it kept behind it: once
        String body = spamOriginal.substring(spamOriginal.indexOf("\n\n") + 2);
        assertThat(out(headers)).contains("X-Spam-Flag: YES").endsWith(body).containsOnlyOnce(body.strip());
    }

    @Test
    void pingIsAnswered() throws Exception {
        start(false);
        Commands.Ran ping = spamc(sample("ham-1.eml"), "-K");
        assertThat(ping.exit()).as(ping.output()).isZero();
        assertThat(out(ping)).startsWith("SPAMD/1.5 0");
    }

    /**
     * smtp.scan-timeout-ms bounds spamd's scans as it bounds the gate's: with the store stalled,
     * spamc gets its answer within the budget, Bayes counted as neutral and the fields saying so,
     * instead of waiting on the store for the length of its own timeout.
     */
    @Test
    void aStalledStoreAnswersWithinTheScanBudgetWithBayesNeutral() throws Exception {
        start(false, "  scan-timeout-ms: 100\n");
        List<ReadView> taken = new ArrayList<>();
        try {
            for (int i = 0; i < org.bayard.store.lmdb.LmdbTokenStore.MAX_VIEWS; i++) taken.add(engine.store().read()); // every read stalls
            long t0 = System.nanoTime();
            Commands.Ran symbols = spamc(sample("spam-1.eml"), "-y");
            assertThat(symbols.exit()).as(symbols.output()).isZero();
            assertThat(out(symbols)).contains("BAYES_UNAVAILABLE");
            Commands.Ran processed = spamc(sample("spam-1.eml"));
            assertThat(out(processed)).contains("X-Spam-Bayes: unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        } finally {
            taken.forEach(ReadView::close);
        }
        assertThat(out(spamc(sample("spam-1.eml"), "-y"))).doesNotContain("BAYES_UNAVAILABLE").contains("BAYES_");
    }

    LedgerEntry ledger(Path message) throws IOException {
        byte[] bytes = Files.readAllBytes(message);
        try (ReadView view = engine.store().read()) {
            return view.ledgerEntry(engine.preparer().prepare(bytes, false).identity().digest()).orElse(null);
        }
    }

    @Test
    void learnAndForgetChangeTheStoreOnlyWhenTellIsAllowed() throws Exception {
        start(false);
        Path ham = sample("ham-3.eml");
        // spamc shows a refused TELL by its exit alone (74); the answer's words are in serve's log
        Commands.Ran refused = spamc(ham, "-L", "spam");
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("answered 69 Service Unavailable: TELL commands are not enabled (spamd.allow-tell)");
        assertThat(ledger(ham)).isNull();
        stop();

        start(true);
        long spamBefore = engine.learned().spam();
        Commands.Ran learned = spamc(ham, "-L", "spam");
        assertThat(learned.exit()).as(learned.output()).isZero();
        assertThat(learned.output()).contains("Message successfully un/learned");
        assertThat(ledger(ham).mailClass()).isEqualTo(MailClass.SPAM);
        assertThat(engine.learned().spam()).isEqualTo(spamBefore + 1);
        Commands.Ran again = spamc(ham, "-L", "spam");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("Message was already un/learned");
        Commands.Ran relearned = spamc(ham, "-L", "ham");
        assertThat(relearned.output()).contains("Message successfully un/learned");
        assertThat(ledger(ham).mailClass()).isEqualTo(MailClass.HAM);
        assertThat(engine.learned().spam()).isEqualTo(spamBefore);
        Commands.Ran forgotten = spamc(ham, "-L", "forget");
        assertThat(forgotten.output()).contains("Message successfully un/learned");
        assertThat(ledger(ham)).isNull();
        assertThat(spamc(ham, "-L", "forget").output()).contains("Message was already un/learned");
        assertThat(Optional.ofNullable(ledger(ham))).isEmpty();
    }

    /**
     * The user spamc names (-u, its User: line) chooses no store: what alice teaches is in the one
     * model, and bob is scored with it, as spamd scores everyone with a site-wide bayes_path.
     */
    @Test
    void everyUserLearnsIntoAndIsScoredWithTheOneModel() throws Exception {
        start(true);
        Path ham = sample("ham-3.eml");
        Commands.Ran learned = spamc(ham, "-u", "alice", "-L", "spam");
        assertThat(learned.output()).contains("Message successfully un/learned");
        assertThat(ledger(ham).mailClass()).isEqualTo(MailClass.SPAM);
        assertThat(spamc(ham, "-u", "bob", "-L", "spam").output()).as("bob's learn of it finds alice's").contains("Message was already un/learned");
        String required = String.format(Locale.ROOT, "%.1f", gate.policy().params().holdScore());
        String expected = String.format(Locale.ROOT, "%.1f/%s%n", judged(ham).score(), required);
        assertThat(out(spamc(ham, "-u", "bob", "-c"))).isEqualTo(expected);
        assertThat(out(spamc(ham, "-c"))).isEqualTo(expected);
    }

    /**
     * spamd.tls-cert-file: TLS on every connection (spamd --ssl). spamc -S, checking the certificate,
     * gets the gate's verdict; spamc without -S gets none (it cannot tell, as when no one listens),
     * and the log says why.
     */
    @Test
    void overTlsSpamcWithSslGetsTheVerdictAndPlainSpamcIsToldNothing() throws Exception {
        org.bayard.net.testing.TestCertificates.Pair site = org.bayard.net.testing.TestCertificates.rsa(tmp, "spamd");
        tls = SpamdDoor.certificate(new SpamdConfig(listen, 4, false, 0660, java.util.Optional.of(site.certificate().toString()),
                java.util.Optional.of(site.key().toString())));
        assertThat(tls).isPresent();
        start(false);
        String required = String.format(Locale.ROOT, "%.1f", gate.policy().params().holdScore());
        Commands.Ran spam = spamc(sample("spam-1.eml"), "-S", "--ssl-ca-file", site.certificate().toString(), "-c");
        assertThat(spam.exit()).as(spam.output()).isEqualTo(1);
        assertThat(out(spam)).isEqualTo(String.format(Locale.ROOT, "%.1f/%s%n", judged(sample("spam-1.eml")).score(), required));
        Commands.Ran plain = spamc(sample("spam-1.eml"), "-c");
        assertThat(out(plain)).isEqualTo("0/0\n");
        Await.until(() -> log.toString(StandardCharsets.UTF_8).contains("TLS failed (the door speaks TLS only: spamc needs -S)"));
    }
}
