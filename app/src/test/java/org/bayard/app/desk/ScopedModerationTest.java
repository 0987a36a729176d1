package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bayard.app.CliAccess;
import org.bayard.app.config.ConfigException;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.config.HttpConfig;
import org.bayard.core.store.MailClass;
import org.bayard.http.Account;
import org.bayard.http.Passwords;
import org.bayard.http.Role;
import org.bayard.http.Scope;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-account moderation scopes over real HTTP: a list moderator sees, exports and decides only
 * held mail whose every recipient is in its scope; anything else answers as a missing id does.
 */
class ScopedModerationTest extends TrainedDesk {
    static final String LIST_MOD = "announce-mods";
    static final String LIST_MOD_PW = "moderates the announce list";
    static final String LIST_VIEW = "announce-view";
    static final String LIST_VIEW_PW = "looks at the announce list";
    static final List<String> SCOPE = List.of("announce@lists.example.org", "dev.example.net");
    private static List<Account> accounts;

    @BeforeAll
    static void addScopedAccounts() {
        accounts = new ArrayList<>(DeskHarness.accounts());
        accounts.add(new Account(LIST_MOD, Role.ADMIN, Passwords.hash(LIST_MOD_PW.toCharArray(), 10_000), Scope.of(SCOPE)));
        accounts.add(new Account(LIST_VIEW, Role.READ, Passwords.hash(LIST_VIEW_PW.toCharArray(), 10_000), Scope.of(SCOPE)));
    }

    static String admin() {
        return DeskHarness.basic(DeskHarness.ADMIN, DeskHarness.ADMIN_PW);
    }

    static String listMod() {
        return DeskHarness.basic(LIST_MOD, LIST_MOD_PW);
    }

    static String listView() {
        return DeskHarness.basic(LIST_VIEW, LIST_VIEW_PW);
    }

    static byte[] sample(String name) throws Exception {
        return Files.readAllBytes(Path.of("../samples/held-out", name));
    }

    /** The queue: ids to envelope senders. IN_* are inside the list moderators' scope, OUT_* are not. */
    static final String IN_LIST = "QIDIN.1", IN_TWO = "QIDIN.2", OUT_OTHER_LIST = "QIDOUT.1", OUT_MIXED = "QIDOUT.2",
            OUT_NO_RCPT = "QIDOUT.3", OUT_SUBDOMAIN = "QIDOUT.4", NOSUCH = "QIDNONE.1";
    static final List<String> IN = List.of(IN_LIST, IN_TWO);
    static final List<String> OUT = List.of(OUT_OTHER_LIST, OUT_MIXED, OUT_NO_RCPT, OUT_SUBDOMAIN);

    void start() throws Exception {
        d = new DeskHarness(trained, tmp, DeskHarness.HOLD_ALL, 32, accounts);
        d.hold(IN_LIST, "in-list@example.org", List.of("announce@lists.example.org"), sample("ham-1.eml"));
        d.hold(IN_TWO, "in-two@example.org", List.of("Announce@Lists.Example.org", "dev@dev.example.net"), sample("spam-1.eml"));
        d.hold(OUT_OTHER_LIST, "out-other@example.org", List.of("other@lists.example.org"), sample("ham-2.eml"));
        d.hold(OUT_MIXED, "out-mixed@example.org", List.of("announce@lists.example.org", "boss@example.test"), sample("spam-2.eml"));
        d.hold(OUT_NO_RCPT, "out-none@example.org", List.of(), sample("ham-3.eml"));
        d.hold(OUT_SUBDOMAIN, "out-sub@example.org", List.of("x@sub.dev.example.net"), sample("spam-3.eml"));
    }

    @SuppressWarnings("unchecked")
    List<String> listedIds(String query, String auth) throws Exception {
        HttpResponse<String> r = d.get("/api/quarantine" + query, "Authorization", auth);
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> i : (List<Map<String, Object>>) d.json(r).get("items")) ids.add((String) i.get("id"));
        return ids;
    }

    Object total(String query, String auth) throws Exception {
        return d.json(d.get("/api/quarantine" + query, "Authorization", auth)).get("total");
    }

    /** Status and body of every read and decision on one id, for comparing an out-of-scope id with a missing one. */
    Map<String, String> answers(String id, String auth) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String p : List.of("", "/raw")) {
            HttpResponse<String> r = d.get("/api/quarantine/" + id + p, "Authorization", auth);
            out.put("GET" + p, r.statusCode() + " " + r.body());
        }
        for (String verb : List.of("release", "learn-ham", "discard", "learn-spam")) {
            HttpResponse<String> r = d.post("/api/quarantine/" + id + "/" + verb, new byte[0], "Authorization", auth);
            out.put(verb, r.statusCode() + " " + r.body());
        }
        return out;
    }

    // ---------------------------------------------------------------- the API

    static String hash() {
        return DeskHarness.accounts().get(0).passwordHash();
    }

    static String users(String scopeLines) {
        return "http:\n  users:\n    - name: root\n      role: admin\n      password-hash: \"" + hash() + "\"\n"
                + "    - name: announce-mods\n      role: admin\n      password-hash: \"" + hash() + "\"\n" + scopeLines;
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void aScopeIsReadFromTheConfigurationAndNoScopeMeansEverything() {
        HttpConfig h = ConfigLoader.parse(users("      scope: [announce@lists.example.org, \"@Dev.Example.net\", .hosted.example.com]\n"), "t")
                .http().orElseThrow();
        Account root = h.users().get(0), mods = h.users().get(1);
        assertThat(root.scope()).isEqualTo(Scope.ALL);
        assertThat(mods.scope().entries()).containsExactly("announce@lists.example.org", "dev.example.net", ".hosted.example.com");
        assertThat(mods.scope().covers(List.of("announce@lists.example.org", "x@dev.example.net"))).isTrue();
        assertThat(mods.scope().covers(List.of("announce@lists.example.org", "x@example.org"))).isFalse();
    }

    @Test
    void theDocumentedExamplesParse() throws Exception {
        String file = Files.readString(Path.of("../config/bayard.yaml"));
        String http = file.substring(file.indexOf("\n# http:") + 1).replaceAll("(?m)^# ?", "");
        String readme = Files.readString(Path.of("../README.md"));
        String example = readme.substring(readme.indexOf("```yaml\nhttp:") + 8);
        example = example.substring(0, example.indexOf("```"));
        for (String yaml : List.of(http, example)) {
            HttpConfig h = ConfigLoader.parse(yaml.replace("pbkdf2-sha256$310000$...$...", hash()), "t").http().orElseThrow();
            assertThat(h.users()).anyMatch(u -> u.scope().everything()).anyMatch(u -> u.scope().covers(List.of("announce@lists.example.org")));
        }
    }

    @Test
    void badScopesAreConfigErrorsNamingTheUserAndTheEntry() {
        Map<String, String> bad = Map.of(
                "      scope: []\n", "http.users[1] (announce-mods): scope is empty",
                "      scope:\n", "http.users[1] (announce-mods): scope is empty",
                "      scope: lists.example.org\n", "http.users[1].scope must be a list, e.g. scope: [\"lists.example.org\"]",
                "      scope: [announce]\n", "http.users[1] (announce-mods): scope entry 'announce': neither an address",
                "      scope: [lists.example.org, \"*.example.org\"]\n", "scope entry '*.example.org': wildcards are written with a leading dot",
                "      scope: [\"list@\"]\n", "scope entry 'list@'",
                "      scope: [1]\n", "http.users[1].scope must be a list of strings",
                "      scopes: [lists.example.org]\n", "unknown key(s) [http.users[1].scopes (did you mean http.users[1].scope?)]");
        bad.forEach((yaml, why) -> assertThatThrownBy(() -> ConfigLoader.parse(users(yaml), "t.yaml")).as(yaml)
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("t.yaml: ").hasMessageContaining(why));
    }

    /** A session cookie for {@code user}, logged in through the login form. */
    String session(String user, String password) throws Exception {
        HttpResponse<String> login = d.post("/login", ("user=" + user + "&password=" + password.replace(" ", "+")).getBytes(),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(login.statusCode()).isEqualTo(303);
        return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    static HttpConfig httpWith(List<Account> users) {
        return new HttpConfig("127.0.0.1:11334", users, 10_485_760, 64, List.of(), "", 10);
    }

    @Test
    void aReloadAppliesAChangedScopeAtOnceAndEndsOnlyThatUsersSessions() throws Exception {
        start();
        String modSession = session(LIST_MOD, LIST_MOD_PW), viewSession = session(LIST_VIEW, LIST_VIEW_PW);
        assertThat(listedIds("", listMod())).containsExactlyInAnyOrderElementsOf(IN);
        assertThat(d.get("/api/quarantine", "Cookie", modSession).statusCode()).isEqualTo(200);

        List<Account> next = new ArrayList<>(accounts);
        Account mod = next.get(next.size() - 2);
        List<String> wider = new ArrayList<>(SCOPE);
        wider.add("other@lists.example.org");
        next.set(next.size() - 2, new Account(mod.name(), mod.role(), mod.passwordHash(), Scope.of(wider)));
        assertThat(Desk.reload(d.web, Optional.of(httpWith(accounts)), Optional.of(httpWith(next)))).isEmpty();

        assertThat(listedIds("", listMod())).containsExactlyInAnyOrder(IN_LIST, IN_TWO, OUT_OTHER_LIST);
        assertThat(d.get("/api/quarantine", "Cookie", modSession).statusCode()).isEqualTo(401); // logs in again, with the new scope
        assertThat(d.get("/api/quarantine", "Cookie", viewSession).statusCode()).isEqualTo(200); // unchanged: still logged in
    }

    @Test
    void aReloadRemovesAUserAndAddsOne() throws Exception {
        start();
        String viewSession = session(LIST_VIEW, LIST_VIEW_PW);
        List<Account> next = new ArrayList<>(accounts.subList(0, accounts.size() - 1)); // without LIST_VIEW
        next.add(new Account("newcomer", Role.READ, accounts.get(0).passwordHash()));
        Desk.reload(d.web, Optional.of(httpWith(accounts)), Optional.of(httpWith(next)));
        assertThat(d.get("/api/quarantine", "Cookie", viewSession).statusCode()).isEqualTo(401);
        assertThat(d.get("/api/quarantine", "Authorization", listView()).statusCode()).isEqualTo(401);
        assertThat(d.get("/api/quarantine", "Authorization", DeskHarness.basic("newcomer", DeskHarness.ADMIN_PW)).statusCode()).isEqualTo(200);
    }

    /** The users a reload sets are those of the file loaded, even when they are the ones the service started with. */
    @Test
    void usersChangedAndChangedBackAreTheStartingOnesAgain() throws Exception {
        start();
        HttpConfig started = httpWith(accounts);
        List<Account> without = new ArrayList<>(accounts.subList(0, accounts.size() - 1)); // without LIST_VIEW
        Desk.reload(d.web, Optional.of(started), Optional.of(httpWith(without)));
        assertThat(d.get("/api/quarantine", "Authorization", listView()).statusCode()).isEqualTo(401);
        assertThat(Desk.reload(d.web, Optional.of(started), Optional.of(started))).isEmpty();
        assertThat(d.get("/api/quarantine", "Authorization", listView()).statusCode()).isEqualTo(200);
    }

    /** Demoted to read-only: neither the old page session with its CSRF token, nor Basic, nor Rspamd's Password header decides. */
    @Test
    void aDemotedModeratorDecidesNothingWhateverItSends() throws Exception {
        start();
        String cookie = session(LIST_MOD, LIST_MOD_PW);
        String page = d.get("/ui/queue", "Cookie", cookie).body();
        String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        assertThat(csrf).hasSize(43);
        List<Account> next = new ArrayList<>(accounts);
        Account mod = next.get(next.size() - 2);
        next.set(next.size() - 2, new Account(mod.name(), Role.READ, mod.passwordHash(), mod.scope()));
        Desk.reload(d.web, Optional.of(httpWith(accounts)), Optional.of(httpWith(next)));

        String release = "/api/quarantine/" + IN_LIST + "/release";
        assertThat(d.post(release, new byte[0], "Cookie", cookie, "X-CSRF-Token", csrf).statusCode()).isEqualTo(401);
        assertThat(d.post("/ui/action", ("csrf=" + csrf + "&action=release&id=" + IN_LIST).getBytes(),
                "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded").statusCode()).isEqualTo(401);
        assertThat(d.post(release, new byte[0], "Authorization", listMod()).statusCode()).isEqualTo(403);
        assertThat(d.post(release, new byte[0], "Password", LIST_MOD_PW).statusCode()).isEqualTo(403);
        assertThat(d.get("/api/quarantine", "Password", LIST_MOD_PW).statusCode()).isEqualTo(200); // still a reader
        assertThat(d.heldIds()).contains(IN_LIST);
    }

    /** A new password hash: the old password no longer opens anything, and sessions opened with it end. */
    @Test
    void aNewPasswordEndsTheOldOne() throws Exception {
        start();
        String cookie = session(LIST_VIEW, LIST_VIEW_PW);
        List<Account> next = new ArrayList<>(accounts);
        Account view = next.get(next.size() - 1);
        next.set(next.size() - 1, new Account(view.name(), view.role(), Passwords.hash("a new one for the viewer".toCharArray(), 10_000),
                view.scope()));
        Desk.reload(d.web, Optional.of(httpWith(accounts)), Optional.of(httpWith(next)));
        assertThat(d.get("/api/quarantine", "Cookie", cookie).statusCode()).isEqualTo(401);
        assertThat(d.get("/api/quarantine", "Authorization", listView()).statusCode()).isEqualTo(401);
        assertThat(d.get("/api/quarantine", "Password", LIST_VIEW_PW).statusCode()).isEqualTo(401);
        assertThat(d.get("/api/quarantine", "Authorization", DeskHarness.basic(LIST_VIEW, "a new one for the viewer")).statusCode())
                .isEqualTo(200);
    }

    @Test
    void whatAReloadCannotChangeIsNamed() throws Exception {
        start();
        HttpConfig now = httpWith(accounts);
        HttpConfig moved = new HttpConfig("127.0.0.1:11335", accounts, 1 << 20, 8, List.of("192.0.2.9"), "/elsewhere/h.tsv", 30);
        assertThat(Desk.reload(d.web, Optional.of(now), Optional.of(moved)))
                .containsExactly("http.listen", "http.max-body-bytes", "http.max-concurrent", "http.trusted-proxies", "http.history-file",
                        "http.body-stall-seconds");
        assertThat(Desk.reload(d.web, Optional.of(now), Optional.empty())).containsExactly("http");
        assertThat(Desk.reload(d.web, Optional.of(now), Optional.of(now))).isEmpty();
        String smtp = "smtp:\n  quarantine: \"" + d.quarantine() + "\"\n";
        assertThat(d.gate.reload(ConfigLoader.parse(DeskHarness.HOLD_ALL + smtp + users("      scope: [lists.example.org]\n"), "t")))
                .doesNotContain("http"); // the gate leaves the http section to the desk
    }

    @Test
    void twoUsersWithOneNameAreAConfigError() {
        String twice = users("") + "    - name: root\n      role: read-only\n      password-hash: \"" + hash() + "\"\n";
        assertThatThrownBy(() -> ConfigLoader.parse(twice, "t.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("t.yaml: http.users: two users are named root");
    }

    @Test
    void configCheckReportsABadScope() throws Exception {
        Path cfg = tmp.resolve("bayard.yaml");
        Path db = tmp.resolve("db");
        Files.writeString(cfg, users("      scope: [announce]\n"));
        assertThat(CliAccess.run(db, "config", "check", cfg.toString())).isNotZero();
        assertThat(CliAccess.err(db, "config", "check", cfg.toString()))
                .contains("http.users[1] (announce-mods): scope entry 'announce': neither an address (announce@lists.example.org) nor a domain");
        Files.writeString(cfg, users("      scope: [announce@lists.example.org]\n"));
        assertThat(CliAccess.run(db, "config", "check", cfg.toString())).isZero();
    }

    @Test
    void aListModeratorListsOnlyItsItemsAndTheTotalSaysSo() throws Exception {
        start();
        assertThat(listedIds("", listMod())).containsExactlyInAnyOrderElementsOf(IN);
        assertThat(total("", listMod())).isEqualTo(IN.size());
        assertThat(listedIds("?limit=1", listMod())).hasSize(1);
        assertThat(total("?limit=1", listMod())).isEqualTo(IN.size());
        // the query's filters narrow the scope, never widen it
        assertThat(listedIds("?rcpt=other", listMod())).isEmpty();
        assertThat(total("?rcpt=example.test", listMod())).isEqualTo(0);
        assertThat(listedIds("?from=in-two", listMod())).containsExactly(IN_TWO);
        assertThat(listedIds("?q=out-", listMod())).isEmpty();
        // a read-only account with the same scope sees the same
        assertThat(listedIds("", listView())).containsExactlyInAnyOrderElementsOf(IN);
        // accounts without a scope still see everything
        assertThat(listedIds("", admin())).hasSize(IN.size() + OUT.size());
        assertThat(total("", DeskHarness.basic(DeskHarness.READER, DeskHarness.READER_PW))).isEqualTo(IN.size() + OUT.size());
    }

    @Test
    void anItemOutsideTheScopeAnswersExactlyAsAMissingOneOnEveryReadAndDecision() throws Exception {
        start();
        Map<String, String> missing = answers(NOSUCH, listMod());
        assertThat(missing.values()).allMatch(a -> a.startsWith("404 "));
        for (String id : OUT) assertThat(answers(id, listMod())).as(id).isEqualTo(missing);
        // nothing was decided, delivered or learned
        assertThat(d.heldIds()).containsAll(OUT);
        assertThat(d.sink.delivered).isEmpty();
        for (String s : List.of("ham-2.eml", "spam-2.eml", "ham-3.eml", "spam-3.eml")) assertThat(d.ledger(sample(s))).as(s).isEmpty();
        // the same ids are there for an account without a scope
        for (String id : OUT) assertThat(d.get("/api/quarantine/" + id, "Authorization", admin()).statusCode()).as(id).isEqualTo(200);
        // a scoped read-only account: 404 outside, and the role still refuses decisions inside
        for (String id : OUT) assertThat(d.get("/api/quarantine/" + id + "/raw", "Authorization", listView()).statusCode()).isEqualTo(404);
        assertThat(d.get("/api/quarantine/" + IN_LIST, "Authorization", listView()).statusCode()).isEqualTo(200);
        assertThat(d.post("/api/quarantine/" + IN_LIST + "/learn-spam", new byte[0], "Authorization", listView()).statusCode()).isEqualTo(403);
        assertThat(d.heldIds()).contains(IN_LIST);
    }

    @Test
    void aListModeratorReadsAndDecidesItsOwnItems() throws Exception {
        start();
        assertThat(d.json(d.get("/api/quarantine/" + IN_TWO, "Authorization", listMod()))).containsKeys("summary", "headers", "text");
        HttpResponse<String> raw = d.get("/api/quarantine/" + IN_TWO + "/raw", "Authorization", listMod());
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body().getBytes(StandardCharsets.ISO_8859_1)).hasSameSizeAs(sample("spam-1.eml"));
        assertThat(d.post("/api/quarantine/" + IN_TWO + "/learn-spam", new byte[0], "Authorization", listMod()).statusCode()).isEqualTo(200);
        assertThat(d.ledger(sample("spam-1.eml"))).isEqualTo(Optional.of(MailClass.SPAM));
        assertThat(d.post("/api/quarantine/" + IN_LIST + "/learn-ham", new byte[0], "Authorization", listMod()).statusCode()).isEqualTo(200);
        assertThat(d.ledger(sample("ham-1.eml"))).isEqualTo(Optional.of(MailClass.HAM));
        assertThat(d.sink.delivered).hasSize(1);
        assertThat(d.heldIds()).containsExactlyInAnyOrderElementsOf(OUT);
        assertThat(total("", listMod())).isEqualTo(0);
    }

    @Test
    void theExportHoldsOnlyTheScopesItems() throws Exception {
        start();
        String mbox = d.get("/api/quarantine/export", "Authorization", listMod()).body();
        List<String> froms = List.of(mbox.split("\n")).stream().filter(l -> l.startsWith("From ")).map(l -> l.split(" ")[1]).toList();
        assertThat(froms).containsExactlyInAnyOrder("in-list@example.org", "in-two@example.org");
        assertThat(d.get("/api/quarantine/export?from=out-", "Authorization", listMod()).body()).isEmpty();
        assertThat(d.get("/api/quarantine/export", "Authorization", admin()).body().split("\n"))
                .filteredOn(l -> l.startsWith("From ")).hasSize(IN.size() + OUT.size());
    }

    @Test
    void storeWideCallsAreForAccountsWithoutAScope() throws Exception {
        start();
        byte[] fresh = sample("ham-3.eml"); // not in the trained store
        for (String p : List.of("/learnspam", "/learnham", "/api/learn?class=spam", "/api/unlearn", "/api/forget",
                "/api/blocklist/add?client=192.0.2.7&sender=a@b.example", "/api/blocklist/remove?client=192.0.2.7&sender=a@b.example")) {
            HttpResponse<String> r = d.post(p, fresh, "Authorization", listMod());
            assertThat(r.statusCode()).as(p).isEqualTo(403);
            assertThat(r.body()).as(p).contains("without a scope");
        }
        assertThat(d.get("/api/blocklist", "Authorization", listMod()).statusCode()).isEqualTo(403);
        assertThat(d.ledger(fresh)).isEmpty();
        // looking is fine: checks, metrics, stats (the held count is its own queue's)
        assertThat(d.post("/api/check", fresh, "Authorization", listMod()).statusCode()).isEqualTo(200);
        assertThat(d.post("/checkv2", fresh, "Password", LIST_VIEW_PW).statusCode()).isEqualTo(200);
        assertThat(d.get("/metrics", "Authorization", listView()).statusCode()).isEqualTo(200);
        assertThat(d.json(d.get("/api/stats", "Authorization", listMod())).get("held")).isEqualTo(IN.size());
        assertThat(d.json(d.get("/api/stats", "Authorization", admin())).get("held")).isEqualTo(IN.size() + OUT.size());
        // the unscoped admin may still do all of it
        assertThat(d.post("/api/learn?class=ham", fresh, "Authorization", admin()).statusCode()).isEqualTo(200);
        assertThat(d.get("/api/blocklist", "Authorization", admin()).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- the page (over HTTP; the browser test logs in as one too)

    @Test
    void thePageShowsCountsAndDecidesOnlyInsideTheScope() throws Exception {
        start();
        HttpResponse<String> login = d.post("/login", ("user=" + LIST_MOD + "&password=" + LIST_MOD_PW.replace(" ", "+")).getBytes(),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(login.statusCode()).isEqualTo(303);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        String page = d.get("/ui/queue", "Cookie", cookie).body();
        assertThat(page).contains("<span class=\"count\" id=\"count\">" + IN.size() + "</span>");
        for (String id : IN) assertThat(page).contains("data-id=\"" + id + "\"");
        for (String id : OUT) assertThat(page).doesNotContain(id);
        assertThat(page).doesNotContain("out-", "boss@example.test");
        assertThat(d.get("/ui/dashboard", "Cookie", cookie).body()).contains("<tr><th>Held now</th><td class=\"num\">" + IN.size() + "</td></tr>");
        for (String id : OUT) {
            assertThat(d.get("/ui/message/" + id, "Cookie", cookie).statusCode()).isEqualTo(404);
            assertThat(d.get("/ui/message/" + id + "/body", "Cookie", cookie).statusCode()).isEqualTo(404);
        }
        assertThat(d.get("/ui/message/" + IN_LIST, "Cookie", cookie).statusCode()).isEqualTo(200);
        // a bulk decision with one id of its own and one outside: the outside one is counted as a missing one and stays held
        String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> bulk = d.post("/ui/action", ("csrf=" + csrf + "&action=learn-spam&id=" + IN_TWO + "&id=" + OUT_OTHER_LIST).getBytes(),
                "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded", "Origin", d.base());
        assertThat(bulk.statusCode()).isEqualTo(303);
        assertThat(bulk.headers().firstValue("Location").orElseThrow()).endsWith("done=1&failed=0&elsewhere=1");
        assertThat(d.heldIds()).doesNotContain(IN_TWO).contains(OUT_OTHER_LIST);
        assertThat(d.ledger(sample("ham-2.eml"))).isEmpty();
        // the unscoped admin's page still shows everything
        String all = d.get("/ui/queue", "Authorization", admin()).body();
        assertThat(all).contains("<span class=\"count\" id=\"count\">" + (IN.size() + OUT.size() - 1) + "</span>");
    }
}
