package org.bayard.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.policy.Action;
import org.bayard.core.policy.BayesSymbol;
import org.bayard.core.policy.PolicyParams;
import org.bayard.core.policy.TrainingMinimum;
import org.bayard.core.train.AutolearnParams;
import org.bayard.core.IoProblem;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the YAML configuration. Unknown keys and wrong types are errors naming the key, so a
 * typo never silently falls back to a default.
 */
public final class ConfigLoader {
    /** Duplicate keys are errors: two {@code policy:} sections would otherwise silently drop the first. */
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    /** Far above any real configuration (the documented one is 9 KB): a larger file is a mistake, and parsing it took minutes. */
    public static final int MAX_BYTES = 1 << 20;

    /**
     * A socket waits at most Integer.MAX_VALUE milliseconds: a longer timeout wrapped around when
     * converted (4294968 s became 704 ms) or made every connection fail.
     */
    private static final int MAX_SOCKET_TIMEOUT_SECONDS = Integer.MAX_VALUE / 1000;

    /** The keys each section takes: any other is refused, with a guess at the one meant (Section.allow). */
    private static final KnownKeys KEYS = new KnownKeys();

    static {
        KEYS.section("", List.of("db", "classifier", "limits", "autolearn", "policy", "smtp", "store", "http"));
        KEYS.section("classifier.", List.of("unknown-word-strength", "unknown-word-prob", "minimum-prob-strength",
                "max-discriminators", "max-evidence-tokens", "ham-cutoff", "spam-cutoff"));
        KEYS.section("limits.", List.of("max-scan-bytes", "max-depth", "max-parts", "max-header-bytes",
                "max-text-chars", "max-word-length", "max-tokens"));
        KEYS.section("autolearn.", List.of("enabled", "spam-min-points", "ham-max-probability"));
        KEYS.section("policy.", List.of("reject-score", "hold-score", "tag-score", "unsure-action", "points",
                "bayes-points", "executable-extensions", "bayes-min-ham", "bayes-min-spam"));
        KEYS.section("policy.points.", List.copyOf(PolicyParams.DEFAULTS.points().keySet()));
        KEYS.section("policy.bayes-points.", PolicyParams.DEFAULTS.bayesBands().stream().map(BayesSymbol::name).toList());
        KEYS.section("smtp.", List.of("listen", "next-hop", "hostname", "max-line-length", "max-message-bytes",
                "max-recipients", "max-connections", "max-connections-per-client", "command-timeout-seconds",
                "next-hop-timeout-seconds", "memory-per-message", "relay-networks", "relay-domains", "quarantine", "bypass-file",
                "spam-traps", "ham-traps", "blocklist-hours", "harvest", "harvest-dir", "harvest-flag-file", "unsure-delay-seconds",
                "scan-timeout-ms", "min-free-mb", "mode", "after-queue-spam"));
        KEYS.section("store.", List.of("ledger-max-age-days"));
        KEYS.section("http.", List.of("listen", "users", "max-body-bytes", "max-concurrent", "trusted-proxies",
                "history-file", "body-stall-seconds"));
        KEYS.section("http.users[].", List.of("name", "role", "password-hash", "scope"));
    }

    private ConfigLoader() {}

    /** The keys of every section, for the test that {@link ConfigDump} writes them all. */
    static KnownKeys knownKeys() {
        return KEYS;
    }

    public static BayardConfig load(Path file) {
        byte[] bytes;
        try {
            bytes = head(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read configuration " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": "
                    + (Files.isDirectory(file) ? "it is a directory" : IoProblem.reason(e)));
        }
        return parse(bytes, file);
    }

    /**
     * The configuration in {@code bytes}, as {@link #head} read them from {@code file}: serve's
     * watcher applies exactly the bytes it saw settle, never a second read that may differ.
     */
    public static BayardConfig parse(byte[] bytes, Path file) {
        if (bytes.length > MAX_BYTES) {
            throw new ConfigException("cannot read configuration " + file + ": larger than 1 MiB, which no"
                    + " configuration is; is it the right file?");
        }
        String text;
        try {
            // a fresh decoder reports bytes that are not UTF-8 (a CharacterCodingException) instead of replacing them
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + IoProblem.reason(e));
        }
        return parse(text, file.toString());
    }

    /**
     * At most one byte more than {@link #MAX_BYTES} of the file: all of any configuration, and
     * enough of anything else to tell it is too large (its size is not trusted: a device such as
     * /dev/zero reports 0 and never ends; serve's watcher reads it several times a second).
     */
    public static byte[] head(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_BYTES + 1);
        }
    }

    public static BayardConfig parse(String yaml, String origin) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            String problem = oneLine(e.getOriginalMessage());
            if (problem.startsWith(DUPLICATE)) {
                throw new ConfigException(origin + ": key " + problem.substring(DUPLICATE.length()) + " appears twice in one"
                        + " mapping (the second time" + where(e) + "); merge them, or one would be ignored");
            }
            if (problem.startsWith(TRAILING)) {
                // YAML's "---" starts a second document; the parser names its own setting instead
                throw new ConfigException(origin + ": a second YAML document begins" + where(e)
                        + " (after a '---' line); a configuration is one document: merge the two, or remove the line");
            }
            if (problem.contains(TAB)) {
                MisplacedTab.in(yaml).ifPresent(at -> {
                    throw new ConfigException(origin + ": a tab at " + at + ": YAML takes only spaces to indent and after a"
                            + " key's colon; replace the tab with spaces");
                });
            }
            throw new ConfigException(origin + ": not valid YAML" + where(e) + ": " + problem);
        }
        YamlAliases.refuse(YAML, yaml, origin);
        if (root == null || root.isMissingNode() || root.isNull()) return BayardConfig.DEFAULTS;
        if (!root.isObject()) {
            throw new ConfigException(origin + ": not a Bayard configuration: the file must be a mapping of sections"
                    + " (db, classifier, limits, autolearn, policy, smtp, store, http), and this one is "
                    + (root.isArray() ? "a list" : "a single value"));
        }
        Section top = new Section(origin, "", root);
        top.allow();
        Optional<String> db = top.path("db");
        ClassifierParams c = ClassifierParams.DEFAULTS;
        Section cs = top.section("classifier");
        cs.allow();
        MailLimits l = MailLimits.DEFAULT;
        Section ls = top.section("limits");
        ls.allow();
        AutolearnParams a = AutolearnParams.DEFAULTS;
        Section as = top.section("autolearn");
        as.allow();
        PolicyParams p = PolicyParams.DEFAULTS;
        Section ps = top.section("policy");
        ps.allow();
        Section pts = ps.section("points");
        pts.allow();
        Section bpts = ps.section("bayes-points");
        bpts.allow();
        GateConfig g = GateConfig.DEFAULTS;
        Section gs = top.section("smtp");
        gs.allow();
        Section ss = top.section("store");
        ss.allow();
        StoreParams st = new StoreParams(ss.integer("ledger-max-age-days", StoreParams.DEFAULTS.ledgerMaxAgeDays(), 0,
                StoreParams.MAX_LEDGER_AGE_DAYS));
        try {
            Map<String, Double> points = new TreeMap<>(p.points());
            for (String k : p.points().keySet()) points.put(k, pts.number(k, p.points().get(k)));
            List<BayesSymbol> bands = new ArrayList<>();
            for (BayesSymbol b : p.bayesBands()) bands.add(new BayesSymbol(b.name(), b.lowerBound(), bpts.number(b.name(), b.points())));
            ThresholdOrder order = new ThresholdOrder(origin);
            double reject = ps.number("reject-score", p.rejectScore());
            double hold = ps.number("hold-score", p.holdScore());
            double tag = ps.number("tag-score", p.tagScore());
            // Policy.decide tries reject, then hold, then tag: a threshold above the next one up is never reached
            order.atMost("policy.hold-score", hold, "policy.reject-score", reject,
                    "mail at the reject score is rejected before it could be held, so no message would be held for its score");
            order.atMost("policy.tag-score", tag, "policy.hold-score", hold,
                    "mail at the hold score is held before it could be tagged, so no message would be tagged for its score");
            p = new PolicyParams(reject, hold, tag,
                    unsureAction(ps, origin, p.unsureAction()),
                    bands, points,
                    extensions(ps, origin, List.copyOf(new TreeSet<>(p.executableExtensions()))),
                    new TrainingMinimum(ps.integer("bayes-min-ham", (int) p.bayesMinLearned().ham(), 0),
                            ps.integer("bayes-min-spam", (int) p.bayesMinLearned().spam(), 0)));
            g = new GateConfig(
                    gs.string("listen").orElse(g.listen()),
                    gs.string("next-hop").orElse(g.nextHop()),
                    gs.string("hostname").orElse(g.hostname()),
                    gs.integer("max-line-length", g.maxLineLength(), 512),
                    gs.integer("max-message-bytes", (int) g.maxMessageBytes(), 1024),
                    gs.integer("max-recipients", g.maxRecipients(), 1),
                    gs.integer("max-connections", g.maxConnections(), 1),
                    gs.integer("max-connections-per-client", g.maxConnectionsPerClient(), 1),
                    gs.integer("command-timeout-seconds", g.commandTimeoutSeconds(), 1, MAX_SOCKET_TIMEOUT_SECONDS),
                    gs.integer("next-hop-timeout-seconds", g.nextHopTimeoutSeconds(), 1, MAX_SOCKET_TIMEOUT_SECONDS),
                    gs.integer("memory-per-message", g.memoryPerMessage(), 0),
                    gs.strings("relay-networks", g.relayNetworks()),
                    gs.strings("relay-domains", g.relayDomains()),
                    gs.path("quarantine"),
                    gs.path("bypass-file"),
                    gs.strings("spam-traps", g.spamTraps()),
                    gs.strings("ham-traps", g.hamTraps()),
                    gs.number("blocklist-hours", g.blocklistHours()),
                    gs.bool("harvest", g.harvest()),
                    gs.path("harvest-dir"),
                    gs.path("harvest-flag-file"),
                    gs.integer("unsure-delay-seconds", g.unsureDelaySeconds()),
                    gs.integer("scan-timeout-ms", g.scanTimeoutMillis()),
                    gs.integer("min-free-mb", g.minFreeMb(), 0),
                    gs.string("mode").orElse(g.mode()),
                    gs.string("after-queue-spam").orElse(g.afterQueueSpam()));
            // the default (3 hours) is simply not used after the queue; one written in the file is a mistake to name
            if (g.afterQueue() && g.blocklistHours() != 0 && gs.given("blocklist-hours")) {
                throw new ConfigException(origin + ": smtp.blocklist-hours cannot be used with smtp.mode after-queue: the client"
                        + " is Postfix, which bounces a refused recipient to the (usually forged) sender; leave it out or set it to 0");
            }
            try {
                HostPort.parse(g.listen(), "smtp.listen");
                HostPort.parse(g.nextHop(), "smtp.next-hop");
            } catch (ConfigException e) {
                throw new ConfigException(origin + ": " + e.getMessage());
            }
            RelayDomains.check(origin, g.relayDomains());
            try {
                new org.bayard.smtp.RelayPolicy(g.relayNetworks(), g.relayDomains());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(origin + ": smtp.relay-networks: " + e.getMessage());
            }
            c = classifier(cs, c);
            l = new MailLimits(
                    ls.integer("max-scan-bytes", (int) Math.min(Integer.MAX_VALUE, l.maxScanBytes()), 1),
                    ls.integer("max-depth", l.maxDepth(), 1),
                    ls.integer("max-parts", l.maxParts(), 1),
                    ls.integer("max-header-bytes", l.maxHeaderBytes(), 1),
                    ls.integer("max-text-chars", l.maxTextChars(), 1),
                    ls.integer("max-word-length", l.maxWordLength(), 1),
                    ls.integer("max-tokens", l.maxTokens(), 1));
            a = new AutolearnParams(
                    as.bool("enabled", a.enabled()),
                    as.number("spam-min-points", a.spamMinPoints()),
                    as.number("ham-max-probability", a.hamMaxProbability()));
            // autolearn learns ham only when Bayes is sure; off, the key does nothing and may stay as it is
            if (a.enabled()) {
                order.atMost("autolearn.ham-max-probability", a.hamMaxProbability(), "classifier.ham-cutoff", c.hamCutoff(),
                        "autolearn would learn as ham mail the classifier calls unsure");
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
        return new BayardConfig(db, c, l, a, p, g, http(top, origin), st);
    }

    /** ClassifierParams names its keys without their section ("max-discriminators must be > 0"): the message adds it. */
    private static ClassifierParams classifier(Section cs, ClassifierParams c) {
        double strength = cs.number("unknown-word-strength", c.unknownWordStrength());
        double prob = cs.number("unknown-word-prob", c.unknownWordProb());
        double minimum = cs.number("minimum-prob-strength", c.minimumProbStrength());
        int discriminators = cs.integer("max-discriminators", c.maxDiscriminators());
        int evidence = cs.integer("max-evidence-tokens", c.maxEvidenceTokens());
        double ham = cs.number("ham-cutoff", c.hamCutoff());
        double spam = cs.number("spam-cutoff", c.spamCutoff());
        // equal cutoffs are allowed: no unsure band, a choice bayard eval can recommend
        new ThresholdOrder(cs.origin()).atMost("classifier.ham-cutoff", ham, "classifier.spam-cutoff", spam,
                "below ham-cutoff is ham and at or above spam-cutoff is spam, so mail between them would be both");
        try {
            return new ClassifierParams(strength, prob, minimum, discriminators, evidence, ham, spam);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(cs.origin() + ": classifier: " + e.getMessage());
        }
    }

    /**
     * A wrong value as the message shows it. A quoted "true" or "0.3" is text to YAML, and "must be
     * true or false, got 'true'" left the reader nothing to change: such a value says to drop the
     * quotes.
     */
    private static String shown(JsonNode v, java.util.function.Predicate<String> rightWithoutQuotes) {
        // a list or mapping has no text of its own: asking for it threw, an internal error with a trace
        if (v.isArray()) return "a list";
        if (v.isObject()) return "a mapping";
        if (v.isString() && rightWithoutQuotes.test(v.stringValue())) return "the quoted text \"" + v.stringValue() + "\" (remove the quotes)";
        return "'" + v.asString() + "'";
    }

    /** A number YAML read as NaN or infinite, as the file may have written it (1e999 is infinite too). */
    private static String notFinite(JsonNode v) {
        double d = v.doubleValue();
        if (Double.isNaN(d)) return ".nan";
        return (d > 0 ? "" : "-") + "infinity (.inf, or a number beyond " + Double.MAX_VALUE + ")";
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Only the actions an unsure message can get, named with the key: Action's own error named
     * neither the key nor the choices that work here (it offered reject, which is refused).
     */
    private static Action unsureAction(Section ps, String origin, Action dflt) {
        Optional<String> given = ps.string("unsure-action");
        if (given.isEmpty()) return dflt;
        String refused = origin + ": policy.unsure-action must be hold, tag or accept, got '" + given.get() + "'";
        try {
            Action action = Action.parse(given.get());
            if (action == Action.REJECT) throw new ConfigException(refused);
            return action;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(refused);
        }
    }

    /**
     * Attachment names are compared in lower case, so the endings are too (".EXE" would never
     * match); an empty ending would match every attachment and hold every message that has one.
     */
    private static Set<String> extensions(Section ps, String origin, List<String> dflt) {
        Set<String> out = new TreeSet<>();
        for (String e : ps.strings("executable-extensions", dflt)) {
            String ext = e.strip().toLowerCase(java.util.Locale.ROOT);
            if (ext.isEmpty()) {
                throw new ConfigException(origin + ": policy.executable-extensions has an empty entry ('" + e
                        + "'), which would count every attachment as executable");
            }
            out.add(ext);
        }
        return out;
    }

    private static final String DUPLICATE = "Duplicate Object property ";
    private static final String TRAILING = "Trailing token";
    /** How the parser names a tab it refuses. */
    private static final String TAB = "'\\t(TAB)'";

    private static String where(JacksonException e) {
        TokenStreamLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1) return "";
        return " at line " + at.getLineNr() + (at.getColumnNr() > 0 ? ", column " + at.getColumnNr() : "");
    }

    /**
     * The YAML parser's message without its quoted excerpt of the file and its caret lines: one
     * line, as every error of the command line is.
     */
    static String oneLine(String message) {
        if (message == null) return "unreadable";
        List<String> parts = new ArrayList<>();
        for (String line : message.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty() || line.startsWith(" ") || line.startsWith("\t") || t.startsWith("in reader") || t.equals("^")) continue;
            parts.add(t);
        }
        return parts.isEmpty() ? message.strip().replaceAll("\\s+", " ") : String.join("; ", parts);
    }

    private static Optional<HttpConfig> http(Section top, String origin) {
        Section hs = top.section("http");
        if (hs.node() == null) return Optional.empty();
        hs.allow();
        JsonNode users = hs.node().get("users");
        if (users == null || !users.isArray() || users.isEmpty()) {
            throw new ConfigException(origin + ": http.users must list at least one user (there is no default password)");
        }
        List<org.bayard.http.Account> accounts = new ArrayList<>();
        int i = 0;
        for (JsonNode u : users) {
            if (!u.isObject()) throw new ConfigException(origin + ": http.users[" + i + "] must be a mapping");
            Section us = new Section(origin, "http.users[" + i + "].", u);
            us.allow();
            String name = us.string("name").orElseThrow(() -> new ConfigException(origin + ": http.users needs a name for every user"));
            String hash = us.string("password-hash").orElse("");
            if (u.has("scope") && u.get("scope").isString()) {
                throw new ConfigException(origin + ": http.users[" + i + "].scope must be a list, e.g. scope: [\"" + u.get("scope").stringValue() + "\"]");
            }
            try {
                // present but null (every entry commented out) is an empty scope, never "everything"
                org.bayard.http.Scope scope = u.has("scope") ? org.bayard.http.Scope.of(us.strings("scope", List.of()))
                        : org.bayard.http.Scope.ALL;
                accounts.add(new org.bayard.http.Account(name, org.bayard.http.Role.parse(us.string("role").orElse("read-only")), hash, scope));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(origin + ": http.users[" + i + "] (" + name + "): " + e.getMessage());
            }
            i++;
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (org.bayard.http.Account a : accounts) {
            if (!names.add(a.name())) throw new ConfigException(origin + ": http.users: two users are named " + a.name());
        }
        HttpConfig h = new HttpConfig(hs.string("listen").orElse(HttpConfig.DEFAULT_LISTEN), accounts,
                hs.integer("max-body-bytes", HttpConfig.DEFAULT_MAX_BODY_BYTES, 1),
                hs.integer("max-concurrent", HttpConfig.DEFAULT_MAX_CONCURRENT, 1),
                proxies(hs, origin), hs.path("history-file").orElse(""),
                hs.integer("body-stall-seconds", HttpConfig.DEFAULT_BODY_STALL_SECONDS, 1));
        if (h.bodyStallSeconds() > HttpConfig.MAX_BODY_STALL_SECONDS) { // the request's own time limit ends it long before
            throw new ConfigException(origin + ": http.body-stall-seconds must be at most " + HttpConfig.MAX_BODY_STALL_SECONDS
                    + ", got " + h.bodyStallSeconds());
        }
        try {
            HostPort.parse(h.listen(), "http.listen");
        } catch (IllegalArgumentException | ConfigException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
        return Optional.of(h);
    }

    /**
     * The proxies' addresses in the form the service compares with a connection's: as written,
     * an IPv6 proxy ("::1") never matched the long form Java gives ("0:0:0:0:0:0:0:1"), and a
     * network or a host name matched nothing; either way the headers were ignored without a word.
     */
    private static List<String> proxies(Section hs, String origin) {
        List<String> out = new ArrayList<>();
        for (String p : hs.strings("trusted-proxies", List.of())) {
            try {
                out.add(org.bayard.app.gate.Blocklist.clientAddress(p));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(origin + ": http.trusted-proxies: " + e.getMessage() + " (list each proxy's own address)");
            }
        }
        return out;
    }

    /** A mapping in the file, with the path of keys that leads to it for error messages. */
    private record Section(String origin, String path, JsonNode node) {
        /** Refuses keys this section does not take, naming the one each was most likely meant to be. */
        void allow() {
            if (node == null) return;
            List<String> keys = KEYS.keys(path);
            Set<String> unknown = new TreeSet<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!keys.contains(e.getKey())) unknown.add(path + e.getKey() + KEYS.hint(path, e.getKey()));
            }
            if (!unknown.isEmpty()) {
                throw new ConfigException(origin + ": unknown key(s) " + unknown + "; known here: " + String.join(", ", keys));
            }
        }

        Section section(String key) {
            JsonNode child = node == null ? null : node.get(key);
            if (child == null || child.isNull()) return new Section(origin, path + key + ".", null);
            if (!child.isObject()) throw new ConfigException(origin + ": " + path + key + " must be a mapping");
            return new Section(origin, path + key + ".", child);
        }

        /** Whether the file sets this key (to anything but null). */
        boolean given(String key) {
            JsonNode v = node == null ? null : node.get(key);
            return v != null && !v.isNull();
        }

        Optional<String> string(String key) {
            JsonNode v = node == null ? null : node.get(key);
            if (v == null || v.isNull()) return Optional.empty();
            if (!v.isString()) throw new ConfigException(origin + ": " + path + key + " must be a string");
            return Optional.of(v.stringValue());
        }

        /**
         * A file or directory: a leading {@code ~/} is the home directory, as in the shell (taken
         * literally it made a directory named "~" under the current one); a bare {@code ~} is
         * YAML's null, which the parser hands over as text.
         */
        Optional<String> path(String key) {
            // an empty path is the current directory, wherever the command runs (a template's unset variable)
            if (string(key).filter(String::isBlank).isPresent()) {
                throw new ConfigException(origin + ": " + path + key + " is empty; leave it out, or write null, for the default");
            }
            return string(key).filter(p -> !p.equals("~"))
                    .map(p -> p.startsWith("~/") ? Path.of(System.getProperty("user.home"), p.substring(2)).toString() : p);
        }

        List<String> strings(String key, List<String> dflt) {
            JsonNode v = node == null ? null : node.get(key);
            if (v == null || v.isNull()) return dflt;
            if (!v.isArray()) throw new ConfigException(origin + ": " + path + key + " must be a list" + asList(key, v));
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isString()) throw new ConfigException(origin + ": " + path + key + " must be a list of strings");
                out.add(e.stringValue());
            }
            return out;
        }

        /**
         * ", e.g. KEY: ["a", "b"]" for a plain value, as SpamAssassin's and Postfix's settings take
         * a list (split at commas and blanks); "" for a mapping, which is no list mistyped.
         */
        private static String asList(String key, JsonNode v) {
            if (!v.isValueNode() || v.asString().isBlank()) return "";
            List<String> items = new ArrayList<>();
            for (String item : v.asString().strip().split("[,\\s]+")) {
                if (!item.isEmpty()) items.add("\"" + item.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
            return ", e.g. " + key + ": [" + String.join(", ", items) + "]";
        }

        double number(String key, double dflt) {
            JsonNode v = node == null ? null : node.get(key);
            if (v == null || v.isNull()) return dflt;
            if (!v.isNumber()) throw new ConfigException(origin + ": " + path + key + " must be a number, got " + shown(v, ConfigLoader::isNumber));
            // YAML's .nan and .inf are numbers: a NaN score is at or above no threshold, so it would accept
            // everything; an infinite one is reached never or always, and infinite points made totals NaN
            if (!Double.isFinite(v.doubleValue())) {
                throw new ConfigException(origin + ": " + path + key + " must be a finite number, got " + notFinite(v));
            }
            return v.doubleValue();
        }

        boolean bool(String key, boolean dflt) {
            JsonNode v = node == null ? null : node.get(key);
            if (v == null || v.isNull()) return dflt;
            if (!v.isBoolean()) {
                throw new ConfigException(origin + ": " + path + key + " must be true or false, got "
                        + shown(v, s -> s.equals("true") || s.equals("false")));
            }
            return v.booleanValue();
        }

        int integer(String key, int dflt) {
            JsonNode v = node == null ? null : node.get(key);
            if (v == null || v.isNull()) return dflt;
            if (v.isIntegralNumber() && !v.canConvertToInt()) {
                // a whole number all right, only too large (or small) for the setting
                throw new ConfigException(origin + ": " + path + key + " must be at " + (v.bigIntegerValue().signum() > 0
                        ? "most " + Integer.MAX_VALUE : "least " + Integer.MIN_VALUE) + ", got " + v.bigIntegerValue());
            }
            if (v.isNumber() && !Double.isFinite(v.doubleValue())) {
                throw new ConfigException(origin + ": " + path + key + " must be a whole number, got " + notFinite(v));
            }
            if (!v.isIntegralNumber()) {
                throw new ConfigException(origin + ": " + path + key + " must be a whole number, got " + shown(v, s -> s.matches("-?[0-9]+")));
            }
            return v.intValue();
        }

        /** A whole number of at least {@code min}: a zero or negative limit would stop everything, silently. */
        int integer(String key, int dflt, int min) {
            int value = integer(key, dflt);
            if (value < min) throw new ConfigException(origin + ": " + path + key + " must be at least " + min + ", got " + value);
            return value;
        }

        /** A whole number from {@code min} to {@code max}. */
        int integer(String key, int dflt, int min, int max) {
            int value = integer(key, dflt, min);
            if (value > max) throw new ConfigException(origin + ": " + path + key + " must be at most " + max + ", got " + value);
            return value;
        }
    }
}
