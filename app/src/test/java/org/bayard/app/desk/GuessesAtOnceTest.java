package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bayard.http.Account;
import org.bayard.http.Passwords;
import org.bayard.http.Role;
import org.junit.jupiter.api.Test;

/**
 * Wrong passwords sent side by side rather than one after another. The lockout (10 failures,
 * then 429) was checked before each password's PBKDF2 and counted after it, so requests sent at
 * once all passed the check before any had failed: 60 guesses at once each ran their PBKDF2
 * (minutes of CPU for a real hash under a flood) and each got its 401, six times what the
 * lockout allows, and again after every lockout.
 */
class GuessesAtOnceTest extends TrainedDesk {
    private static final int GUESSES = 60;
    private static final int LOCKOUT_AFTER = 10;
    /** A real hash's cost, so that guesses overlap as they do on a server. */
    private static List<Account> accounts;

    private static synchronized List<Account> accounts() {
        if (accounts == null) {
            accounts = List.of(new Account(DeskHarness.ADMIN, Role.ADMIN, Passwords.hash(DeskHarness.ADMIN_PW.toCharArray(), 310_000)));
        }
        return accounts;
    }

    @Test
    void guessesSentAtOnceGetNoMoreThanTheLockoutAllows() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, 64, accounts());
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < GUESSES; i++) {
            // by HTTP Basic, by the login form and by Rspamd's Password header: all count towards one lockout
            requests.add(switch (i % 3) {
                case 0 -> basicGuess(i, null);
                case 1 -> formGuess(i);
                default -> "GET /api/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\nPassword: guess" + i + "\r\n\r\n";
            });
        }
        List<Integer> statuses = atOnce(requests);
        assertThat(statuses).as("every answer").allMatch(s -> s == 401 || s == 429);
        // exactly the lockout's ten: none fewer (a lockout before any guess was judged) and none more
        assertThat(statuses.stream().filter(s -> s == 401).count()).as(statuses.toString()).isEqualTo(LOCKOUT_AFTER);
        assertThat(d.get("/api/stats", "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW)).statusCode())
                .isEqualTo(429);
    }

    /** Behind a trusted proxy each forwarded client has its own lockout, at once as one after another. */
    @Test
    void behindATrustedProxyGuessesAtOnceLockOutTheirClientOnly() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, "", 64, accounts(), Set.of("127.0.0.1"));
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < GUESSES; i++) requests.add(basicGuess(i, "192.0.2.50"));
        List<Integer> statuses = atOnce(requests);
        assertThat(statuses).as("every answer").allMatch(s -> s == 401 || s == 429);
        assertThat(statuses.stream().filter(s -> s == 401).count()).as(statuses.toString()).isEqualTo(LOCKOUT_AFTER);
        assertThat(d.get("/api/stats", "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW),
                "X-Forwarded-For", "192.0.2.50").statusCode()).isEqualTo(429);
        assertThat(d.get("/api/stats", "Authorization", DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW),
                "X-Forwarded-For", "192.0.2.51").statusCode()).isEqualTo(200);
    }

    private static String basicGuess(int i, String forwardedFor) {
        return "GET /api/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: "
                + DeskHarness.basic(DeskHarness.ADMIN, "guess" + i) + "\r\n"
                + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n") + "\r\n";
    }

    private static String formGuess(int i) {
        String form = "user=" + DeskHarness.ADMIN + "&password=guess" + i;
        return "POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + form.length() + "\r\n\r\n" + form;
    }

    /**
     * Sends each request on a connection of its own, all but the last byte first and then the
     * last bytes one right after another, so that the server has them all at once: each
     * response's status.
     */
    private List<Integer> atOnce(List<String> requests) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (String r : requests) {
                Socket s = new Socket("127.0.0.1", d.web.port());
                s.setSoTimeout(120_000);
                sockets.add(s);
                byte[] bytes = r.getBytes(StandardCharsets.US_ASCII);
                s.getOutputStream().write(bytes, 0, bytes.length - 1);
            }
            for (int i = 0; i < sockets.size(); i++) {
                byte[] bytes = requests.get(i).getBytes(StandardCharsets.US_ASCII);
                sockets.get(i).getOutputStream().write(bytes, bytes.length - 1, 1);
            }
            List<Integer> statuses = new ArrayList<>();
            for (Socket s : sockets) {
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                statuses.add(answer.startsWith("HTTP/1.1 ") ? Integer.parseInt(answer.substring(9, 12)) : -1);
            }
            return statuses;
        } finally {
            for (Socket s : sockets) s.close();
        }
    }
}
