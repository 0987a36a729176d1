package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.bayard.nntp.InnServer;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard news-gate}, one pass of the Usenet gateway, against a real INN, handing articles to
 * an SMTP server that records them (nntp.submit-to) in place of the gate: which articles are
 * handed over, once each, in order, from whom, and that an answer that decides nothing (4xx, a
 * server that is down) leaves the article for the next pass.
 */
class NewsGateCommandTest {
    private static final String LIST = "talk@lists.example.org";
    private static InnServer inn;
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    private RecordingSink sink;
    private Path db;
    private Cli cli;
    private static int groupsMade;
    /** A group of this test's own on the shared server: each test starts with an empty one. */
    private String group;

    @BeforeAll
    static void startInn() throws Exception {
        inn = InnServer.start("t.a", "t.b", "t.c", "t.d", "t.e", "t.f", "t.g", "t.h", "t.i", "t.j", "t.k", "t.l", "t.other");
    }

    @AfterAll
    static void stopInn() throws Exception {
        if (inn != null) inn.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        sink = sinks.start();
        db = Files.createDirectories(tmp.resolve("db"));
        cli = new Cli(db);
        group = "t." + (char) ('a' + groupsMade++);
        config("");
    }

    private void config(String extra) throws Exception {
        Files.writeString(tmp.resolve("bayard.yaml"), "nntp:\n  server: \"" + inn.hostPort() + "\"\n  submit-to: \"127.0.0.1:"
                + sink.address().getPort() + "\"\n  timeout-seconds: 10\n" + extra + "  groups:\n    " + group + ": " + LIST + "\n");
    }

    private Cli.Result gate(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("news-gate", "-c", tmp.resolve("bayard.yaml").toString()));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    private long post(String from, String subject, String body) throws Exception {
        return inn.post(group, ("From: " + from + "\nSubject: " + subject + "\n\n" + body + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private String mark() throws Exception {
        return Files.readString(db.resolve("news").resolve(group)).strip();
    }

    @Test
    void theFirstPassStartsAfterTheNewestArticleAndLaterOnesGoOverOnceInOrder() throws Exception {
        long before = post("old@example.org", "before the gateway", "old");
        Cli.Result first = gate();
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains(group + " -> " + LIST + ": nothing new; first pass on " + inn.hostPort()
                + ": starting after article " + before + "; earlier articles are not gated");
        assertThat(sink.delivered).isEmpty();

        long n1 = post("Alice <alice@example.org>", "one", "first");
        post("bob@example.net (Bob)", "two", "second");
        long n3 = post("carol@example.com", "three", "third");
        Cli.Result second = gate("--verbose");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains(group + " -> " + LIST + ": 3 new: 3 passed, 0 held, 0 refused, 0 skipped");
        assertThat(second.out()).contains("\"event\":\"article\",\"group\":\"" + group + "\",\"number\":" + n1);
        assertThat(sink.delivered).extracting(RecordingSink.Delivered::from)
                .containsExactly("MAIL FROM:<alice@example.org>", "MAIL FROM:<bob@example.net>", "MAIL FROM:<carol@example.com>");
        assertThat(sink.delivered).allSatisfy(d -> assertThat(d.recipients()).containsExactly(LIST));
        assertThat(sink.delivered.getFirst().text()).contains("Subject: one\r\n").contains("Newsgroups: " + group + "\r\n").endsWith("\r\nfirst\r\n");
        assertThat(mark()).isEqualTo(inn.hostPort() + " " + n3);

        Cli.Result third = gate();
        assertThat(third.out()).contains(group + " -> " + LIST + ": nothing new");
        assertThat(sink.delivered).hasSize(3);
    }

    @Test
    void aGateThatDecidesNothingLeavesTheArticleForTheNextPass() throws Exception {
        gate();
        post("alice@example.org", "later", "try again");
        sink.endReply = "451 4.3.0 try again later";
        Cli.Result deferred = gate();
        assertThat(deferred.exitCode()).isEqualTo(1);
        assertThat(deferred.err()).contains("bayard news-gate: " + group + ": the gate answered the article with 451 4.3.0 try again later")
                .doesNotContain("Exception");
        assertThat(sink.delivered).isEmpty();
        long firstMark = Long.parseLong(mark().split(" ")[1]);

        sink.endReply = "250 2.0.0 Ok";
        Cli.Result again = gate();
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(sink.delivered).hasSize(1);
        assertThat(Long.parseLong(mark().split(" ")[1])).isEqualTo(firstMark + 1);
    }

    @Test
    void aRefusalIsTheArticlesFateAndTheGatewayGoesOn() throws Exception {
        gate();
        post("spammer@example.biz", "refused", "buy now");
        post("alice@example.org", "fine", "hello");
        sink.endReply = "550 5.7.1 message refused as spam (score 12.0)";
        Cli.Result r = gate("-v");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(": 2 new: 0 passed, 0 held, 2 refused, 0 skipped")
                .contains("\"outcome\":\"refused: 550 5.7.1 message refused as spam (score 12.0)\"");
        sink.endReply = "250 2.0.0 Ok";
        assertThat(gate().out()).contains(": nothing new");
    }

    @Test
    void aSenderRefusedAtRcptIsRefusedAndTheNextArticleGoesThrough() throws Exception {
        gate();
        sink.rcptReplies.put(LIST, "550 5.7.1 blocklisted");
        post("spammer@example.biz", "blocked", "again");
        Cli.Result r = gate();
        assertThat(r.out()).contains(": 1 new: 0 passed, 0 held, 1 refused, 0 skipped");
        sink.rcptReplies.clear();
        post("alice@example.org", "fine", "hello");
        assertThat(gate().out()).contains(": 1 new: 1 passed");
        assertThat(sink.delivered).hasSize(1);
    }

    @Test
    void anArticleBackFromTheListIsNotGatedAgain() throws Exception {
        gate();
        inn.post(group, ("From: alice@example.org\nSubject: from the list\nX-BeenThere: " + LIST + "\n\nround trip\n")
                .getBytes(StandardCharsets.US_ASCII));
        Cli.Result r = gate("-v");
        assertThat(r.out()).contains(": 1 new: 0 passed, 0 held, 0 refused, 1 skipped").contains("it came from the list");
        assertThat(sink.delivered).isEmpty();
    }

    @Test
    void aMungedFromHasTheConfiguredSenderOrTheNullOne() throws Exception {
        gate();
        // as other servers pass such articles on: a posting with one is refused by INN itself
        inn.feed(group, "<munged-1@example.org>", "From: alice at example dot org\nSubject: munged\n\none\n".getBytes(StandardCharsets.US_ASCII));
        gate();
        config("  sender: \"news-gateway@lists.example.org\"\n");
        inn.feed(group, "<munged-2@example.org>", "From: \"Bob\" <bob at example dot net>\nSubject: munged too\n\ntwo\n"
                .getBytes(StandardCharsets.US_ASCII));
        gate();
        assertThat(sink.delivered).extracting(RecordingSink.Delivered::from)
                .containsExactly("MAIL FROM:<>", "MAIL FROM:<news-gateway@lists.example.org>");
    }

    @Test
    void anArticleLargerThanTheGateTakesIsSkippedAndSaidSo() throws Exception {
        Files.writeString(tmp.resolve("bayard.yaml"), "smtp:\n  max-message-bytes: 2000\n" + Files.readString(tmp.resolve("bayard.yaml")));
        gate();
        post("alice@example.org", "large", "x".repeat(70) + ("\n" + "y".repeat(70)).repeat(60));
        post("alice@example.org", "small", "fits");
        Cli.Result r = gate("-v");
        assertThat(r.out()).contains(": 2 new: 1 passed, 0 held, 0 refused, 1 skipped").contains("bytes, more than smtp.max-message-bytes (2000)");
        assertThat(sink.delivered).hasSize(1);
        assertThat(sink.delivered.getFirst().text()).contains("Subject: small");
    }

    @Test
    void aNewsServerThatIsDownIsOneLineAndMovesNoMark() throws Exception {
        gate();
        String markBefore = mark();
        Files.writeString(tmp.resolve("bayard.yaml"), Files.readString(tmp.resolve("bayard.yaml"))
                .replace(inn.hostPort(), "127.0.0.1:" + org.bayard.net.testing.FreePorts.next()));
        Cli.Result r = gate();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("bayard news-gate: " + group + ": the news server 127.0.0.1:").contains("cannot be reached")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(mark()).isEqualTo(markBefore);
    }

    @Test
    void aGroupTheServerHasNotIsSaidAndTheOthersAreGated() throws Exception {
        Files.writeString(tmp.resolve("bayard.yaml"), Files.readString(tmp.resolve("bayard.yaml"))
                .replace("  groups:\n", "  groups:\n    no.such.group: other@lists.example.org\n"));
        gate();
        post("alice@example.org", "still", "gated");
        Cli.Result r = gate();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("bayard news-gate: no.such.group: GROUP no.such.group on " + inn.hostPort() + ": the news server answered 411");
        assertThat(r.out()).contains(group + " -> " + LIST + ": 1 new: 1 passed");
        assertThat(sink.delivered).hasSize(1);
    }

    @Test
    void aPassUnderWayElsewhereIsLeftAlone() throws Exception {
        gate();
        post("alice@example.org", "once", "only");
        try (FileChannel held = LockedFile.tryOpen(db.resolve("news/.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertThat(held).isNotNull();
            Cli.Result r = gate();
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("another pass is under way");
        }
        assertThat(sink.delivered).isEmpty();
        assertThat(gate().out()).contains(": 1 new: 1 passed");
    }

    @Test
    void aServerThatWantsALoginGetsTheConfiguredOne() throws Exception {
        InnServer.Login login = new InnServer.Login("gateway", "secret",
                "$6$abcdefgh$ltjgWl6579NluT/Vi1nwEvcil.G5Nbc4NiXZaNGStk8PSwGfQv72N2CKPPrVACtLtip/cZ/1GM/O6IND4WQhG.");
        try (InnServer closed = InnServer.start(login, "local.members")) {
            String file = "nntp:\n  server: \"" + closed.hostPort() + "\"\n  submit-to: \"127.0.0.1:" + sink.address().getPort()
                    + "\"\n  user: gateway\n  password: %s\n  groups:\n    local.members: " + LIST + "\n";
            Files.writeString(tmp.resolve("bayard.yaml"), file.formatted("wrong"));
            Cli.Result refused = gate();
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("bayard news-gate: local.members: AUTHINFO as gateway on " + closed.hostPort()
                    + ": the news server answered 481").doesNotContain("wrong");
            Files.writeString(tmp.resolve("bayard.yaml"), file.formatted("secret"));
            assertThat(gate().out()).contains("local.members -> " + LIST + ": nothing new; first pass");
            closed.feed("local.members", "<members@example.org>", "From: dave@example.org\nSubject: members\n\nhello\n"
                    .getBytes(StandardCharsets.US_ASCII));
            Cli.Result r = gate();
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("local.members -> " + LIST + ": 1 new: 1 passed");
            assertThat(sink.delivered).hasSize(1);
        }
    }

    @Test
    void overTlsByStartTlsOrFromTheFirstByteWithTheSitesCa() throws Exception {
        try (InnServer secure = InnServer.start(null, true, "local.secure")) {
            java.net.InetSocketAddress nntps = secure.startImplicitTls();
            String file = "nntp:\n  server: \"%s\"\n  tls: %s\n%s  submit-to: \"127.0.0.1:" + sink.address().getPort()
                    + "\"\n  groups:\n    local.secure: " + LIST + "\n";
            String ca = "  tls-ca-file: " + secure.certificate() + "\n";
            Files.writeString(tmp.resolve("bayard.yaml"), file.formatted(secure.hostPort(), "starttls", ca));
            assertThat(gate().out()).contains("local.secure -> " + LIST + ": nothing new; first pass on " + secure.hostPort());
            secure.post("local.secure", "From: erin@example.org\nSubject: sealed\n\none\n".getBytes(StandardCharsets.US_ASCII));
            Cli.Result starttls = gate();
            assertThat(starttls.exitCode()).as(starttls.err()).isZero();
            assertThat(starttls.out()).contains(": 1 new: 1 passed");

            // NNTPS numbers the same spool's articles, but is another server to the marks: a first pass there
            Files.writeString(tmp.resolve("bayard.yaml"), file.formatted("127.0.0.1:" + nntps.getPort(), "implicit", ca));
            assertThat(gate().out()).contains("first pass on 127.0.0.1:" + nntps.getPort());
            secure.post("local.secure", "From: erin@example.org\nSubject: sealed too\n\ntwo\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(gate().out()).contains(": 1 new: 1 passed");
            assertThat(sink.delivered).extracting(d -> d.text().contains("Subject: sealed too")).containsExactly(false, true);

            // without the site's CA the JVM's do not know the certificate: one line, nothing moved
            Files.writeString(tmp.resolve("bayard.yaml"), file.formatted(secure.hostPort(), "starttls", ""));
            Cli.Result untrusted = gate();
            assertThat(untrusted.exitCode()).isEqualTo(1);
            assertThat(untrusted.err()).contains("bayard news-gate: local.secure: TLS with the news server " + secure.hostPort()
                    + " failed: its certificate is not signed by a CA this node trusts").doesNotContain("Exception");
        }
    }

    @Test
    void withoutTheSectionOrTheStoreFolderItSaysWhatIsMissing() throws Exception {
        Files.writeString(tmp.resolve("empty.yaml"), "smtp:\n  listen: \"127.0.0.1:10025\"\n");
        Cli.Result none = cli.run("news-gate", "-c", tmp.resolve("empty.yaml").toString());
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("news-gate: the configuration has no nntp: section");
        Cli.Result noDb = new Cli(tmp.resolve("not-there")).run("news-gate", "-c", tmp.resolve("bayard.yaml").toString());
        assertThat(noDb.exitCode()).isEqualTo(1);
        assertThat(noDb.err()).contains("is not a directory: the gateway keeps how far each group got");
    }
}
