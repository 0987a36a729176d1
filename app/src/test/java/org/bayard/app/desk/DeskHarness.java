package org.bayard.app.desk;

import org.bayard.app.Commands;
import org.bayard.app.SampleStore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bayard.app.Engine;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.gate.GateService;
import org.bayard.core.store.LedgerEntry;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.http.Account;
import org.bayard.http.HttpService;
import org.bayard.http.HttpSettings;
import org.bayard.http.Metrics;
import org.bayard.http.Passwords;
import org.bayard.http.Role;
import org.bayard.smtp.RecordingSink;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole {@code bayard serve} for one test: a copy of a trained store, the SMTP gate (holding
 * everything, so tests have a queue), a recording next hop, and the HTTP service on free loopback
 * ports, with an admin and a read-only account.
 */
final class DeskHarness implements AutoCloseable {
    static final String ADMIN = "mod";
    static final String ADMIN_PW = "correct horse battery staple";
    static final String READER = "viewer";
    static final String READER_PW = "read only please";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static String adminHash;
    private static String readerHash;

    /** Everything is held: no reject, no tag, no accept. */
    static final String HOLD_ALL = "policy:\n  reject-score: 1000\n  hold-score: -1000\n  tag-score: -1000\n";

    final Path dir;
    final Path db;
    final RecordingSink sink;
    final Engine engine;
    final GateService gate;
    final HttpService web;
    final Metrics metrics;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static synchronized List<Account> accounts() {
        if (adminHash == null) {
            adminHash = Passwords.hash(ADMIN_PW.toCharArray(), 10_000);
            readerHash = Passwords.hash(READER_PW.toCharArray(), 10_000);
        }
        return List.of(new Account(ADMIN, Role.ADMIN, adminHash), new Account(READER, Role.READ, readerHash));
    }

    DeskHarness(Path trained, Path dir, String yaml) throws IOException {
        this(trained, dir, yaml, 32);
    }

    DeskHarness(Path trained, Path dir, String yaml, int maxConcurrent) throws IOException {
        this(trained, dir, yaml, maxConcurrent, accounts());
    }

    DeskHarness(Path trained, Path dir, String yaml, int maxConcurrent, List<Account> accounts) throws IOException {
        this(trained, dir, yaml, "", maxConcurrent, accounts);
    }

    /** {@code smtpYaml}: more keys of the {@code smtp:} section (indented), or "". */
    DeskHarness(Path trained, Path dir, String yaml, String smtpYaml) throws IOException {
        this(trained, dir, yaml, smtpYaml, 32, accounts());
    }

    private DeskHarness(Path trained, Path dir, String yaml, String smtpYaml, int maxConcurrent, List<Account> accounts)
            throws IOException {
        this(trained, dir, yaml, smtpYaml, maxConcurrent, accounts, java.util.Set.of());
    }

    /** Behind a proxy at {@code trustedProxies} (the tests' own address, 127.0.0.1, plays it). */
    DeskHarness(Path trained, Path dir, String yaml, java.util.Set<String> trustedProxies) throws IOException {
        this(trained, dir, yaml, "", 32, accounts(), trustedProxies);
    }

    DeskHarness(Path trained, Path dir, String yaml, String smtpYaml, int maxConcurrent, List<Account> accounts,
                java.util.Set<String> trustedProxies) throws IOException {
        this.dir = dir;
        db = SampleStore.copy(trained, dir);
        sink = new RecordingSink();
        BayardConfig config = ConfigLoader.parse(yaml + "\nsmtp:\n  next-hop: \"127.0.0.1:" + sink.address().getPort() + "\"\n"
                + "  quarantine: \"" + quarantine() + "\"\n" + smtpYaml, "test");
        engine = Engine.open(config, db, org.bayard.app.CliAccess.quiet());
        metrics = new Metrics(Clock.systemUTC());
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        gate = GateService.start(engine, db, quarantine(), any, Clock.systemUTC(), out, new GateMetrics(metrics));
        HttpSettings settings = HttpSettings.of(any, accounts).withLimits(1 << 20, maxConcurrent);
        settings = new HttpSettings(settings.listen(), settings.accounts(), settings.maxBodyBytes(), settings.maxHeaderBytes(),
                settings.maxConcurrent(), settings.failuresBeforeLockout(), settings.lockout(), settings.sessionIdle(), trustedProxies,
                settings.bodyStall(), settings.responseTime(), config.smtp().stopTimeout().http()); // as serve's, from smtp.stop-timeout-seconds
        web = Desk.start(settings, engine, gate, metrics, Clock.systemUTC(), out);
    }

    static void train(Path trained) {
        SampleStore.trained(trained);
    }

    Path quarantine() {
        return dir.resolve("q");
    }

    String base() {
        return "http://127.0.0.1:" + web.port();
    }

    /** Sends a message through the gate with swaks (a real SMTP client); it is held. */
    void swaks(Path message, String from, String to) throws Exception {
        assertThat(swaksTranscript(message, from, to)).contains("250 2.0.0 Ok: held");
    }

    /** Sends a message through the gate with swaks and returns the session as swaks printed it. */
    String swaksTranscript(Path message, String from, String to) throws Exception {
        Commands.Ran swaks = Commands.run(new ProcessBuilder("swaks", "--server", "127.0.0.1", "--port", String.valueOf(gate.port()),
                "--from", from, "--to", to, "--helo", "client.test", "--data", "@" + message.toAbsolutePath()).redirectErrorStream(true), 30);
        assertThat(swaks.timedOut()).isFalse();
        return swaks.output();
    }

    /** Puts a message straight into the spool (for many hostile items at once), as the gate would. */
    String hold(String id, String from, List<String> rcpt, byte[] message) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue_id", id);
        m.put("received", Instant.now().toString());
        m.put("client", "192.0.2.1");
        m.put("helo", "client.test");
        m.put("from", from);
        m.put("rcpt", rcpt);
        m.put("action", "hold");
        m.put("score", 4.2);
        m.put("reason", "bayes unsure");
        m.put("symbols", List.of(Map.of("name", "BAYES_50", "points", 2.0, "detail", "p=0.5")));
        m.put("clues", List.of("subject:hello 0.500"));
        gate.quarantine().spool().hold(id, new java.io.ByteArrayInputStream(message), JSON.writeValueAsBytes(m));
        return id;
    }

    /**
     * Holds, as {@code id}, a message of {@code megabytes} of one repeated line: more than the
     * socket buffers take from a client that reads little, so that its download is still being
     * sent when the test cuts it.
     */
    String holdLarge(String id, int megabytes) throws IOException {
        String line = "Cheap pills here, order now and save on every order you place today at our shop.\r\n";
        byte[] message = ("From: a@example.org\r\nTo: u@example.test\r\nSubject: pills\r\n\r\n"
                + line.repeat((megabytes << 20) / line.length())).getBytes(StandardCharsets.US_ASCII);
        return hold(id, "a@example.org", List.of("u@example.test"), message);
    }

    List<String> heldIds() throws IOException {
        return gate.quarantine().ids();
    }

    Optional<MailClass> ledger(byte[] message) {
        try (ReadView v = engine.store().read()) {
            return v.ledgerEntry(engine.preparer().prepare(message, false).identity().digest()).map(LedgerEntry::mailClass);
        }
    }

    static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As {@link #post}, the answer's body kept as the bytes it is (a compressed answer is not text). */
    HttpResponse<byte[]> postForBytes(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    Map<String, Object> json(HttpResponse<String> r) {
        return JSON.readValue(r.body(), new tools.jackson.core.type.TypeReference<Map<String, Object>>() {});
    }

    static List<String> list(Object o) {
        List<String> out = new ArrayList<>();
        if (o instanceof List<?> l) for (Object x : l) out.add(String.valueOf(x));
        return out;
    }

    @Override
    public void close() throws IOException {
        web.close();
        gate.close();
        engine.close();
        sink.close();
    }
}
