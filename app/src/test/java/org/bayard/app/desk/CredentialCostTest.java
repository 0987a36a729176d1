package org.bayard.app.desk;

import org.bayard.app.Commands;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.http.Account;
import org.bayard.http.Passwords;
import org.bayard.http.Role;
import org.junit.jupiter.api.Test;

/**
 * What checking credentials costs, counted in PBKDF2 runs (bayard_http_password_hashes_total on
 * /metrics), never timed: with 310,000 iterations one run takes 0.2 to 2 s on a small machine, so
 * the count decides how many checks a mail server calling /checkv2 per message gets through.
 * The counter is read over a page session (a cookie costs no PBKDF2), so reading it adds nothing.
 */
class CredentialCostTest extends TrainedDesk {
    static final String DASHBOARD = "dashboard";
    static final String DASHBOARD_PW = "a third account's passphrase";
    private static final Pattern HASHES = Pattern.compile("(?m)^bayard_http_password_hashes_total (\\S+)$");
    List<Account> accounts;
    String cookie;

    /** Three accounts: the Password header tries every one of them. */
    void start() throws Exception {
        List<Account> three = new ArrayList<>(DeskHarness.accounts());
        three.add(new Account(DASHBOARD, Role.READ, Passwords.hash(DASHBOARD_PW.toCharArray(), 10_000)));
        start(three);
    }

    void start(List<Account> three) throws Exception {
        accounts = new ArrayList<>(three);
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, 32, accounts);
        cookie = login(DASHBOARD, DASHBOARD_PW).headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    HttpResponse<String> login(String user, String password) throws Exception {
        HttpResponse<String> login = d.post("/login", ("user=" + user + "&password=" + password.replace(" ", "+")).getBytes(),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(login.statusCode()).isEqualTo(303);
        return login;
    }

    /** PBKDF2 runs so far, as /metrics shows them. */
    long hashes() throws Exception {
        HttpResponse<String> r = d.get("/metrics", "Cookie", cookie);
        assertThat(r.statusCode()).isEqualTo(200);
        Matcher m = HASHES.matcher(r.body());
        assertThat(m.find()).as(r.body()).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    /** The PBKDF2 runs one request costs, and its status. */
    record Cost(int status, long hashes) {}

    Cost cost(HttpCall call) throws Exception {
        long before = hashes();
        int status = call.status();
        return new Cost(status, hashes() - before);
    }

    interface HttpCall {
        int status() throws Exception;
    }

    static byte[] message() throws Exception {
        return Files.readAllBytes(Path.of("../samples/held-out", "ham-2.eml"));
    }

    Cost check(String password) throws Exception {
        byte[] msg = message();
        return cost(() -> d.post("/checkv2", msg, "Password", password).statusCode());
    }

    Cost stats(String user, String password) throws Exception {
        return cost(() -> d.get("/api/stats", "Authorization", DeskHarness.basic(user, password)).statusCode());
    }

    Cost learn(String user, String password) throws Exception {
        byte[] msg = message();
        return cost(() -> d.post("/api/learn?class=ham", msg, "Authorization", DeskHarness.basic(user, password)).statusCode());
    }

    /** Reloads the configuration with {@code next} as the users, as bayard serve does on SIGHUP. */
    void reload(List<Account> next) {
        Desk.reload(d.web, Optional.of(ScopedModerationTest.httpWith(accounts)), Optional.of(ScopedModerationTest.httpWith(next)));
        accounts = next;
    }

    @Test
    void aBasicCheckCostsOnePbkdf2AndAPasswordHeaderOnePerAccount() throws Exception {
        start();
        assertThat(stats(DeskHarness.READER, DeskHarness.READER_PW)).isEqualTo(new Cost(200, 1));
        assertThat(stats(DeskHarness.READER, "wrong")).isEqualTo(new Cost(401, 1));
        assertThat(stats("nobody", "wrong")).isEqualTo(new Cost(401, 1)); // an unknown name costs as much as a known one
        assertThat(check(DASHBOARD_PW)).isEqualTo(new Cost(200, 3));
        assertThat(check("wrong")).isEqualTo(new Cost(401, 3));
        assertThat(d.get("/health").statusCode()).isEqualTo(200);
        assertThat(hashes()).isEqualTo(1 + 1 + 1 + 1 + 3 + 3); // the login that opened the session, and the rest
    }

    /**
     * A mail server posting every message to /checkv2 with rspamc -P paid one PBKDF2 per
     * configured account per message: a few messages a second at most, on two cores. Once a
     * credential has been checked, the same one again costs none, by every way of sending it.
     */
    @Test
    void theSameCredentialAgainCostsNoPbkdf2() throws Exception {
        start();
        assertThat(check(DeskHarness.READER_PW)).isEqualTo(new Cost(200, 3));
        for (int i = 0; i < 5; i++) assertThat(check(DeskHarness.READER_PW)).isEqualTo(new Cost(200, 0));
        assertThat(stats(DeskHarness.READER, DeskHarness.READER_PW)).isEqualTo(new Cost(200, 1));
        assertThat(stats(DeskHarness.READER, DeskHarness.READER_PW)).isEqualTo(new Cost(200, 0));
        assertThat(learn(DeskHarness.ADMIN, DeskHarness.ADMIN_PW).hashes()).isEqualTo(1);
        assertThat(learn(DeskHarness.ADMIN, DeskHarness.ADMIN_PW).hashes()).isZero();
        // the login form checks as Basic does: the session's own login was the first
        assertThat(cost(() -> login(DASHBOARD, DASHBOARD_PW).statusCode())).isEqualTo(new Cost(303, 0));
        // a cached credential answers only for its own account, with that account's role
        assertThat(check(DeskHarness.ADMIN_PW)).isEqualTo(new Cost(200, 3));
        assertThat(cost(() -> d.post("/learnham", message(), "Password", DeskHarness.READER_PW).statusCode())).isEqualTo(new Cost(403, 0));
        assertThat(stats(DeskHarness.ADMIN, DeskHarness.READER_PW)).isEqualTo(new Cost(401, 1));
        assertThat(stats(DASHBOARD, DeskHarness.READER_PW)).isEqualTo(new Cost(401, 1));
    }

    /**
     * Only a right password is remembered: a wrong one costs its full PBKDF2 every time, also one
     * that was tried before and one beside a cached right one, and it still counts towards the
     * lockout, which then refuses the cached credential as well.
     */
    @Test
    void wrongPasswordsCostAsMuchAsEverAndTheLockoutStillRefusesACachedCredential() throws Exception {
        start();
        assertThat(check(DeskHarness.READER_PW)).isEqualTo(new Cost(200, 3));
        assertThat(stats(DeskHarness.READER, DeskHarness.READER_PW)).isEqualTo(new Cost(200, 1));
        for (int i = 0; i < 5; i++) {
            assertThat(check("guess")).isEqualTo(new Cost(401, 3));
            assertThat(stats(DeskHarness.READER, DeskHarness.READER_PW + " ")).isEqualTo(new Cost(401, 1));
        }
        assertThat(check(DeskHarness.READER_PW)).isEqualTo(new Cost(429, 0)); // ten failures: locked out, right password or not
        assertThat(stats(DeskHarness.READER, DeskHarness.READER_PW)).isEqualTo(new Cost(429, 0));
        assertThat(check("guess")).isEqualTo(new Cost(429, 0));
    }

    /** A reload that changes a password, or an account's role, is not answered from what was remembered before it. */
    @Test
    void aReloadedPasswordOrRoleIsNotTakenFromTheCache() throws Exception {
        start();
        assertThat(check(DeskHarness.READER_PW)).isEqualTo(new Cost(200, 3));
        assertThat(stats(DeskHarness.READER, DeskHarness.READER_PW)).isEqualTo(new Cost(200, 1));
        assertThat(learn(DeskHarness.ADMIN, DeskHarness.ADMIN_PW).hashes()).isEqualTo(1);
        List<Account> next = new ArrayList<>(accounts);
        String newPw = "the reader's new passphrase";
        next.set(0, new Account(DeskHarness.ADMIN, Role.READ, accounts.get(0).passwordHash())); // the admin is made read-only
        next.set(1, new Account(DeskHarness.READER, Role.READ, Passwords.hash(newPw.toCharArray(), 10_000)));
        reload(next);
        assertThat(check(DeskHarness.READER_PW)).isEqualTo(new Cost(401, 3));
        assertThat(stats(DeskHarness.READER, DeskHarness.READER_PW)).isEqualTo(new Cost(401, 1));
        assertThat(learn(DeskHarness.ADMIN, DeskHarness.ADMIN_PW)).isEqualTo(new Cost(403, 1));
        assertThat(stats(DeskHarness.READER, newPw)).isEqualTo(new Cost(200, 1));
        assertThat(stats(DeskHarness.READER, newPw)).isEqualTo(new Cost(200, 0));
        assertThat(check(newPw)).isEqualTo(new Cost(200, 3));
        assertThat(check(newPw)).isEqualTo(new Cost(200, 0));
    }

    /**
     * A busy mail server sends scans side by side, and each one with a password not yet
     * remembered (after a start, a reload, or the 15 minutes) ran its own PBKDF2s: with
     * max-concurrent 64 and three accounts, up to 192 runs at once, a stall of minutes on two
     * cores every 15 minutes. Checks of one credential at once share one check now. The hashes
     * here take 100,000 iterations, so that the first check is still running when the last
     * request arrives. Wrong passwords at once still count one failure each.
     */
    @Test
    void requestsAtOnceWithOneNewCredentialShareOneCheck() throws Exception {
        List<Account> slow = new ArrayList<>();
        slow.add(new Account(DeskHarness.ADMIN, Role.ADMIN, Passwords.hash(DeskHarness.ADMIN_PW.toCharArray(), 100_000)));
        slow.add(new Account(DeskHarness.READER, Role.READ, Passwords.hash(DeskHarness.READER_PW.toCharArray(), 100_000)));
        slow.add(new Account(DASHBOARD, Role.READ, Passwords.hash(DASHBOARD_PW.toCharArray(), 100_000)));
        start(slow);
        long before = hashes();
        assertThat(atOnce(8, DeskHarness.READER_PW)).containsOnly(200);
        assertThat(hashes() - before).as("one check of three accounts").isEqualTo(3);
        assertThat(atOnce(10, "guess")).containsOnly(401);
        assertThat(check(DeskHarness.READER_PW)).isEqualTo(new Cost(429, 0));
    }

    /** The statuses of {@code n} scans sent side by side with this password. */
    List<Integer> atOnce(int n, String password) throws Exception {
        byte[] msg = message();
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(d.client.sendAsync(HttpRequest.newBuilder(URI.create(d.base() + "/checkv2")).timeout(Duration.ofSeconds(60))
                    .header("Password", password).POST(HttpRequest.BodyPublishers.ofByteArray(msg)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var f : sent) statuses.add(f.get(90, TimeUnit.SECONDS).statusCode());
        return statuses;
    }

    /** The real rspamc scanning message after message, as a mail server's hook would: the password costs once. */
    @Test
    void rspamcScanningMessageAfterMessagePaysForItsPasswordOnce() throws Exception {
        start();
        for (int i = 0; i < 3; i++) {
            long before = hashes();
            Commands.Ran rspamc = Commands.run(new ProcessBuilder("rspamc", "-h", "127.0.0.1:" + d.web.port(), "-t", "30", "-P",
                    DeskHarness.READER_PW, "symbols").redirectInput(Path.of("../samples/held-out", "spam-1.eml").toFile())
                    .redirectErrorStream(true), 60);
            String out = rspamc.output();
            assertThat(rspamc.timedOut()).isFalse();
            assertThat(rspamc.exit()).as(out).isZero();
            assertThat(out).contains("Action: ");
            assertThat(hashes() - before).as("scan " + (i + 1)).isEqualTo(i == 0 ? 3 : 0);
        }
    }
}
