package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        accounts = new ArrayList<>(DeskHarness.accounts());
        accounts.add(new Account(DASHBOARD, Role.READ, Passwords.hash(DASHBOARD_PW.toCharArray(), 10_000)));
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, 32, accounts);
        HttpResponse<String> login = d.post("/login", ("user=" + DeskHarness.ADMIN + "&password=" + DeskHarness.ADMIN_PW.replace(" ", "+"))
                .getBytes(), "Content-Type", "application/x-www-form-urlencoded");
        assertThat(login.statusCode()).isEqualTo(303);
        cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
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
}
