package org.bayard.app.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.policy.BayesSymbol;
import org.bayard.core.policy.PolicyParams;
import org.bayard.core.train.AutolearnParams;
import org.bayard.http.Account;
import org.bayard.http.Role;
import org.bayard.store.redis.RedisSettings;

/**
 * A configuration written out as YAML with every key and its value, in the order of
 * {@code config/bayard.yaml}: what {@code bayard config defaults} and {@code bayard config show}
 * print, as {@code postconf -d} and {@code rspamadm configdump} do. The text loads back to the
 * configuration it was written from, so it can be saved and edited as a configuration file.
 *
 * <p>A key without a value (no quarantine directory given, so the one beside the store) is written
 * as {@code null} with a comment saying what that means. The {@code http:} section has no
 * default, since its users have no default password: when absent it is written commented out,
 * with its defaults and an example user.
 */
public final class ConfigDump {
    private final StringBuilder out = new StringBuilder();

    private ConfigDump() {}

    /** {@code config} as YAML, each line ending in a newline. */
    public static String yaml(BayardConfig config) {
        ConfigDump d = new ConfigDump();
        d.top(config);
        return d.out.toString();
    }

    private void top(BayardConfig c) {
        path(0, "db", c.db(), "not set: the store is --db, else $BAYARD_DB, else $XDG_DATA_HOME/bayard or ~/.local/share/bayard");
        classifier(c.classifier());
        limits(c.limits());
        autolearn(c.autolearn());
        policy(c.policy());
        smtp(c.smtp());
        store(c.store());
        optional(c.spamd(), SpamdConfig.DEFAULTS, this::spamd,
                "spamd: not configured, so bayard serve does not answer spamc or Exim's spam condition. To have it, add",
                "the section below without the leading '# ' (an empty 'spamd:' takes these defaults).");
        optional(c.milter(), MilterConfig.DEFAULTS, this::milter,
                "milter: not configured, so bayard serve is no milter for Postfix's smtpd_milters. To have it, add",
                "the section below without the leading '# ' (an empty 'milter:' takes these defaults).");
        optional(c.redis(), RedisSettings.local(RedisSettings.DEFAULT_PORT), this::redis,
                "redis: not configured, so the token store is the LMDB store in db. To share one model between several",
                "nodes, add the section below without the leading '# ' (an empty 'redis:' takes these defaults).");
        optional(c.nntp(), NntpConfig.EXAMPLE, this::nntp,
                "nntp: not configured, so bayard serve gates no newsgroup to a mailing list. To have it, add the section",
                "below without the leading '# ', with your newsgroups and their lists in groups.");
        optional(c.http(), new HttpConfig(HttpConfig.DEFAULT_LISTEN, List.of(), HttpConfig.DEFAULT_MAX_BODY_BYTES,
                        HttpConfig.DEFAULT_MAX_CONCURRENT, List.of(), "", HttpConfig.DEFAULT_BODY_STALL_SECONDS), this::http,
                "http: not configured, so bayard serve has no HTTP API or moderation page. To have them, add the section",
                "below without the leading '# '. Its other keys show their defaults; there is no default user, so the user",
                "is an example: every user needs a password hash from 'bayard serve --hash-password'.");
    }

    /**
     * A section serve runs only when it is there: as configured, or else {@code why} it is not and
     * the section with {@code defaults} commented out, ready to be taken in.
     */
    private <T> void optional(Optional<T> configured, T defaults, java.util.function.Consumer<T> section, String... why) {
        if (configured.isPresent()) {
            section.accept(configured.get());
            return;
        }
        for (String line : why) comment(0, line);
        int start = out.length();
        section.accept(defaults);
        String written = out.substring(start);
        out.setLength(start);
        written.lines().forEach(l -> out.append("# ").append(l).append('\n'));
    }

    private void classifier(ClassifierParams c) {
        section("classifier");
        key(1, "unknown-word-strength", number(c.unknownWordStrength()));
        key(1, "unknown-word-prob", number(c.unknownWordProb()));
        key(1, "minimum-prob-strength", number(c.minimumProbStrength()));
        key(1, "max-discriminators", String.valueOf(c.maxDiscriminators()));
        key(1, "max-evidence-tokens", String.valueOf(c.maxEvidenceTokens()));
        key(1, "ham-cutoff", number(c.hamCutoff()));
        key(1, "spam-cutoff", number(c.spamCutoff()));
    }

    private void limits(MailLimits l) {
        section("limits");
        key(1, "max-scan-bytes", String.valueOf(l.maxScanBytes()));
        key(1, "max-depth", String.valueOf(l.maxDepth()));
        key(1, "max-parts", String.valueOf(l.maxParts()));
        key(1, "max-header-bytes", String.valueOf(l.maxHeaderBytes()));
        key(1, "max-text-chars", String.valueOf(l.maxTextChars()));
        key(1, "max-word-length", String.valueOf(l.maxWordLength()));
        key(1, "max-tokens", String.valueOf(l.maxTokens()));
    }

    private void autolearn(AutolearnParams a) {
        section("autolearn");
        key(1, "enabled", String.valueOf(a.enabled()));
        key(1, "spam-min-points", number(a.spamMinPoints()));
        key(1, "ham-max-probability", number(a.hamMaxProbability()));
    }

    private void policy(PolicyParams p) {
        section("policy");
        key(1, "reject-score", number(p.rejectScore()));
        key(1, "hold-score", number(p.holdScore()));
        key(1, "tag-score", number(p.tagScore()));
        key(1, "unsure-action", p.unsureAction().label());
        key(1, "points", null);
        for (Map.Entry<String, Double> e : new TreeMap<>(p.points()).entrySet()) key(2, e.getKey(), number(e.getValue()));
        key(1, "bayes-points", null);
        for (BayesSymbol b : p.bayesBands()) key(2, b.name(), number(b.points()));
        key(1, "executable-extensions", list(List.copyOf(new TreeSet<>(p.executableExtensions()))));
        key(1, "bayes-min-ham", String.valueOf(p.bayesMinLearned().ham()));
        key(1, "bayes-min-spam", String.valueOf(p.bayesMinLearned().spam()));
    }

    private void smtp(GateConfig g) {
        section("smtp");
        key(1, "listen", quoted(g.listen()));
        key(1, "next-hop", quoted(g.nextHop()));
        key(1, "hostname", quoted(g.hostname()));
        path(1, "tls-cert-file", g.tls().certFile(), "not set: no STARTTLS");
        path(1, "tls-key-file", g.tls().keyFile(), "not set: the key is in tls-cert-file");
        key(1, "tls-security-level", g.tls().clients(), "may: a client may use STARTTLS; encrypt: it must, before MAIL (530 5.7.0)");
        key(1, "max-line-length", String.valueOf(g.maxLineLength()));
        key(1, "max-message-bytes", String.valueOf(g.maxMessageBytes()));
        key(1, "max-recipients", String.valueOf(g.maxRecipients()));
        key(1, "max-connections", String.valueOf(g.maxConnections()));
        key(1, "max-connections-per-client", String.valueOf(g.maxConnectionsPerClient()));
        key(1, "command-timeout-seconds", String.valueOf(g.commandTimeoutSeconds()));
        key(1, "next-hop-timeout-seconds", String.valueOf(g.nextHopTimeoutSeconds()));
        key(1, "next-hop-tls", g.tls().nextHop(), "none; may: where the next hop offers it, any certificate; starttls: required, its certificate"
                + " checked against its name");
        path(1, "next-hop-tls-ca-file", g.tls().nextHopCaFile(), "not set: the JVM's CAs check the next hop's certificate");
        path(1, "next-hop-tls-cert-file", g.tls().nextHopCertFile(), "not set: no certificate is shown to a next hop that asks for one");
        path(1, "next-hop-tls-key-file", g.tls().nextHopKeyFile(), "not set: the key is in next-hop-tls-cert-file");
        key(1, "stop-timeout-seconds", String.valueOf(g.stopTimeoutSeconds()), "serve's whole stop; keep a service manager's stop timeout above it");
        key(1, "memory-per-message", String.valueOf(g.memoryPerMessage()));
        key(1, "relay-networks", list(g.relayNetworks()));
        key(1, "relay-domains", list(g.relayDomains()));
        path(1, "quarantine", g.quarantine(), "not set: DB-quarantine beside the store's directory DB");
        path(1, "bypass-file", g.bypassFile(), "not set: no recipient bypasses the filter");
        key(1, "spam-traps", list(g.spamTraps()));
        key(1, "ham-traps", list(g.hamTraps()));
        key(1, "blocklist-hours", number(g.blocklistHours()));
        key(1, "harvest", String.valueOf(g.harvest()));
        path(1, "harvest-dir", g.harvestDir(), "not set: DB-harvest beside the store's directory DB");
        path(1, "harvest-flag-file", g.harvestFlagFile(), "not set: only harvest: true turns harvest mode on");
        key(1, "unsure-delay-seconds", String.valueOf(g.unsureDelaySeconds()));
        key(1, "scan-timeout-ms", String.valueOf(g.scanTimeoutMillis()));
        key(1, "min-free-mb", String.valueOf(g.minFreeMb()));
        key(1, "mode", g.mode(), "before-queue: Postfix's smtpd_proxy_filter or any MTA; after-queue: Postfix's content_filter");
        key(1, "after-queue-spam", g.afterQueueSpam(), "after-queue only: what mail the policy would reject gets, hold or discard");
    }

    private void store(StoreParams s) {
        section("store");
        key(1, "ledger-max-age-days", String.valueOf(s.ledgerMaxAgeDays()), "0: never; else serve prunes older ledger entries daily");
    }

    private void spamd(SpamdConfig s) {
        section("spamd");
        key(1, "listen", quoted(s.listen()), "spamc's and Exim's default; a port below 1024 needs root or CAP_NET_BIND_SERVICE;"
                + " or unix:/run/bayard/spamd.sock for spamc -U");
        key(1, "max-connections", String.valueOf(s.maxConnections()), "served at once; others wait, then get 75 (try again)");
        key(1, "allow-tell", String.valueOf(s.allowTell()), "true: spamc -L spam|ham|forget learns and forgets");
        key(1, "socket-mode", quoted(DoorAddress.octal(s.socketMode())), "a Unix socket's permissions; spamc's user must be able to write to it");
        path(1, "tls-cert-file", s.tlsCertFile(), "not set: plain TCP; set: TLS only, spamc -S (spamd --ssl)");
        path(1, "tls-key-file", s.tlsKeyFile(), "not set: the key is in tls-cert-file");
    }

    private void milter(MilterConfig m) {
        section("milter");
        key(1, "listen", quoted(m.listen()), "Postfix: smtpd_milters = inet:127.0.0.1:11332; or unix:/run/bayard/milter.sock");
        key(1, "max-connections", String.valueOf(m.maxConnections()), "one per SMTP session of the MTA; past it, milter_default_action");
        key(1, "socket-mode", quoted(DoorAddress.octal(m.socketMode())), "a Unix socket's permissions; put postfix in bayard's group");
    }

    private void redis(RedisSettings r) {
        section("redis");
        if (r.sentinels().on()) key(1, "address", "null", "the sentinels name the master");
        else key(1, "address", quoted(r.address()), "the token store is here; db keeps only this node's quarantine and files");
        key(1, "password", r.password().map(ConfigDump::quoted).orElse("null"), "sent with AUTH when set (Redis' requirepass)");
        key(1, "database", String.valueOf(r.database()), "the number SELECT takes");
        key(1, "prefix", quoted(r.prefix()), "keys are {prefix}:tokens, :ledger, :totals, :meta");
        key(1, "timeout-ms", String.valueOf(r.timeout().toMillis()), "connect and answer; past it Bayes counts as neutral");
        key(1, "tls", String.valueOf(r.tls().on()), "TLS to Redis' tls-port, its certificate checked against the address's host");
        path(1, "tls-ca-file", r.tls().caFile(), "not set: the JVM's CAs check Redis' certificate");
        path(1, "tls-cert-file", r.tls().certFile(), "not set: no certificate is shown to a Redis that asks for one");
        path(1, "tls-key-file", r.tls().keyFile(), "not set: the key is in tls-cert-file");
        key(1, "sentinels", list(r.sentinels().hostPorts()),
                "Redis Sentinel, asked in turn for the master; none: address is the master");
        key(1, "sentinel-master", r.sentinels().on() ? quoted(r.sentinels().master()) : "null", "the name the sentinels monitor it under");
        key(1, "sentinel-password", r.sentinels().password().map(ConfigDump::quoted).orElse("null"), "sent with AUTH to the sentinels when set");
    }


    private void nntp(NntpConfig n) {
        section("nntp");
        key(1, "server", quoted(n.server()), "the news server the articles are read from");
        key(1, "tls", n.tls(), "none, starttls (after MODE READER) or implicit (NNTPS, port 563)");
        path(1, "tls-ca-file", n.tlsCaFile(), "not set: the JVM's CAs check the server's certificate");
        key(1, "user", n.user().map(ConfigDump::quoted).orElse("null"), "with password, sent with AUTHINFO when set");
        key(1, "password", n.password().map(ConfigDump::quoted).orElse("null"));
        key(1, "submit-to", n.submitTo().map(ConfigDump::quoted).orElse("null"), n.submitTo().isEmpty() ? "not set: the gate, smtp.listen" : null);
        key(1, "sender", n.sender().map(ConfigDump::quoted).orElse("null"),
                "for an article whose From has no address; not set: the null sender");
        key(1, "interval-seconds", String.valueOf(n.intervalSeconds()), "how often serve looks for new articles");
        key(1, "timeout-seconds", String.valueOf(n.timeoutSeconds()), "connecting and each read, news server and gate");
        key(1, "groups", null, "each newsgroup and the list address its articles go to");
        for (var g : n.groups().entrySet()) key(2, quoted(g.getKey()), quoted(g.getValue()));
    }

    private void http(HttpConfig h) {
        section("http");
        key(1, "listen", quoted(h.listen()));
        path(1, "tls-cert-file", h.tlsCertFile(), "not set: plain HTTP (put a TLS proxy in front beyond loopback)");
        path(1, "tls-key-file", h.tlsKeyFile(), "not set: the key is in tls-cert-file");
        key(1, "users", null);
        if (h.users().isEmpty()) {
            user("moderator", Role.READ, "HASH", List.of("lists.example.org"), "or admin", "leave out for all held mail");
        }
        // no scope key is the only way to say "all held mail": an empty scope is refused
        for (Account u : h.users()) user(u.name(), u.role(), u.passwordHash(), u.scope().entries(), null, null);
        key(1, "max-body-bytes", String.valueOf(h.maxBodyBytes()));
        key(1, "max-concurrent", String.valueOf(h.maxConcurrent()));
        key(1, "trusted-proxies", list(h.trustedProxies()));
        key(1, "body-stall-seconds", String.valueOf(h.bodyStallSeconds()), "a request body that sends nothing this long gets 408");
        path(1, "history-file", Optional.of(h.historyFile()).filter(f -> !f.isEmpty()),
                "not set: DB-history.tsv beside the store's directory DB");
    }

    /** One item of http.users; an empty scope is none (all held mail). */
    private void user(String name, Role role, String hash, List<String> scope, String roleNote, String scopeNote) {
        out.append("    - ");
        key(0, "name", quoted(name));
        key(3, "role", role == Role.ADMIN ? "admin" : "read-only", roleNote);
        key(3, "password-hash", quoted(hash));
        if (!scope.isEmpty()) key(3, "scope", list(scope), scopeNote);
    }

    private void section(String name) {
        key(0, name, null);
    }

    /** {@code key: value} at {@code depth} levels of two spaces; a null value opens a mapping. */
    private void key(int depth, String key, String value) {
        key(depth, key, value, null);
    }

    /** As {@link #key(int, String, String)}, with a comment after it when {@code note} is not null. */
    private void key(int depth, String key, String value, String note) {
        out.append("  ".repeat(depth)).append(key).append(':');
        if (value != null) out.append(' ').append(value);
        if (note != null) out.append("   # ").append(note);
        out.append('\n');
    }

    /** A file or directory, or null with {@code unset} saying what that means. */
    private void path(int depth, String key, Optional<String> p, String unset) {
        key(depth, key, p.map(ConfigDump::quoted).orElse("null"), p.isEmpty() ? unset : null);
    }

    private void comment(int depth, String text) {
        out.append("  ".repeat(depth)).append("# ").append(text).append('\n');
    }

    private static String list(List<String> values) {
        return "[" + String.join(", ", values.stream().map(ConfigDump::quoted).toList()) + "]";
    }

    /**
     * Written out in full, never in exponent form, which YAML 1.1 reads as text unless the
     * exponent has a sign: BigDecimal's shortest decimal that reads back as the same double.
     * Always finite: the loader refuses .nan and .inf for every key.
     */
    static String number(double d) {
        return BigDecimal.valueOf(d).toPlainString();
    }

    /**
     * A YAML double-quoted scalar: quoted always, so that no value is read as another type
     * ({@code null}, {@code true}, {@code 1e3}) or cut at {@code " #"}; control characters and
     * what YAML takes for a line break are escaped.
     */
    static String quoted(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
                q.append(String.format("\\u%04x", (int) c));
            } else {
                q.append(c);
            }
        }
        return q.append('"').toString();
    }
}
