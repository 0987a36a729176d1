package org.bayard.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.policy.BayesSymbol;
import org.bayard.core.policy.PolicyParams;
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

    /** The keys each section takes: any other is refused, with a guess at the one meant (ConfigSection.allow). */
    private static final KnownKeys KEYS = new KnownKeys();

    static {
        KEYS.section("", List.of("db", "classifier", "limits", "autolearn", "policy", "smtp", "store", "http", "spamd", "milter", "redis", "nntp"));
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
                "next-hop-timeout-seconds", "stop-timeout-seconds", "memory-per-message", "relay-networks", "relay-domains", "quarantine", "bypass-file",
                "spam-traps", "ham-traps", "blocklist-hours", "harvest", "harvest-dir", "harvest-flag-file", "unsure-delay-seconds",
                "scan-timeout-ms", "min-free-mb", "mode", "after-queue-spam", "tls-cert-file", "tls-key-file", "tls-security-level", "next-hop-tls",
                "next-hop-tls-ca-file", "next-hop-tls-cert-file", "next-hop-tls-key-file"));
        KEYS.section("store.", List.of("ledger-max-age-days"));
        KEYS.section("http.", List.of("listen", "users", "max-body-bytes", "max-concurrent", "trusted-proxies",
                "history-file", "body-stall-seconds", "tls-cert-file", "tls-key-file"));
        KEYS.section("http.users[].", List.of("name", "role", "password-hash", "scope"));
        KEYS.section("spamd.", List.of("listen", "max-connections", "allow-tell", "socket-mode", "tls-cert-file", "tls-key-file"));
        KEYS.section("milter.", List.of("listen", "max-connections", "socket-mode"));
        KEYS.section("redis.", List.of("address", "password", "database", "prefix", "timeout-ms", "tls", "tls-ca-file", "tls-cert-file",
                "tls-key-file", "sentinels", "sentinel-master", "sentinel-password"));
        KEYS.section("nntp.", List.of("server", "tls", "tls-ca-file", "user", "password", "submit-to", "sender", "interval-seconds", "timeout-seconds", "groups"));
    }

    private ConfigLoader() {}

    /** The keys of every section, for the test that {@link ConfigDump} writes them all. */
    static KnownKeys knownKeys() {
        return KEYS;
    }

    public static BayardConfig load(Path file) {
        return read(file).config();
    }

    /**
     * A configuration file's bytes as they were read, and the configuration they give: serve's
     * watcher compares the file with the bytes the start ran on, not with the file as it found it
     * later, which an edit made while serve started had already changed.
     */
    public record Read(byte[] bytes, BayardConfig config) {}

    /** As {@link #load}, keeping the bytes read. */
    public static Read read(Path file) {
        byte[] bytes;
        try {
            bytes = head(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read configuration " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": "
                    + (Files.isDirectory(file) ? "it is a directory" : IoProblem.reason(e)));
        }
        return new Read(bytes, parse(bytes, file));
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
        JsonNode root = tree(yaml, origin);
        YamlAliases.refuse(YAML, yaml, origin);
        if (root == null || root.isMissingNode() || root.isNull()) return BayardConfig.DEFAULTS;
        if (!root.isObject()) {
            throw new ConfigException(origin + ": not a Bayard configuration: the file must be a mapping of sections"
                    + " (db, classifier, limits, autolearn, policy, smtp, store, http, spamd, milter, redis, nntp), and this one is "
                    + (root.isArray() ? "a list" : "a single value"));
        }
        // every section's keys are checked before any value, so a misspelt key is named first
        ConfigSection top = allowed(new ConfigSection(origin, "", root));
        Optional<String> db = top.path("db");
        ConfigSection cs = allowed(top.section("classifier"));
        ConfigSection ls = allowed(top.section("limits"));
        ConfigSection as = allowed(top.section("autolearn"));
        ConfigSection ps = allowed(top.section("policy"));
        ConfigSection pts = allowed(ps.section("points"));
        ConfigSection bpts = allowed(ps.section("bayes-points"));
        ConfigSection gs = allowed(top.section("smtp"));
        ConfigSection ss = allowed(top.section("store"));
        StoreParams st = new StoreParams(ss.integer("ledger-max-age-days", StoreParams.DEFAULTS.ledgerMaxAgeDays(), 0,
                StoreParams.MAX_LEDGER_AGE_DAYS));
        ThresholdOrder order = new ThresholdOrder(origin);
        try {
            PolicyParams p = PolicySection.read(ps, pts, bpts, order);
            GateConfig g = GateSection.read(gs);
            ClassifierParams c = classifier(cs, ClassifierParams.DEFAULTS);
            MailLimits l = limits(ls, MailLimits.DEFAULT);
            AutolearnParams a = autolearn(as, AutolearnParams.DEFAULTS);
            // autolearn learns ham only when Bayes is sure; off, the key does nothing and may stay as it is
            if (a.enabled()) {
                order.atMost("autolearn.ham-max-probability", a.hamMaxProbability(), "classifier.ham-cutoff", c.hamCutoff(),
                        "autolearn would learn as ham mail the classifier calls unsure");
            }
            return new BayardConfig(db, c, l, a, p, g, HttpSection.read(top), st, SpamdSection.read(top), MilterSection.read(top),
                    RedisSection.read(top), NntpSection.read(top));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
    }

    private static ConfigSection allowed(ConfigSection section) {
        section.allow();
        return section;
    }

    /** The file's YAML tree, or an error in the file's terms for the parser's commonest complaints. */
    private static JsonNode tree(String yaml, String origin) {
        try {
            return YAML.readTree(yaml);
        } catch (JacksonException e) {
            String problem = oneLine(e.getOriginalMessage());
            if (problem.startsWith(DUPLICATE)) {
                String key = problem.substring(DUPLICATE.length());
                throw new ConfigException(origin + ": key " + key + " appears twice in one"
                        + " mapping (the second time" + whereKey(e, yaml, key) + "); merge them, or one would be ignored");
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
    }

    private static MailLimits limits(ConfigSection ls, MailLimits l) {
        return new MailLimits(
                ls.integer("max-scan-bytes", (int) Math.min(Integer.MAX_VALUE, l.maxScanBytes()), 1),
                ls.integer("max-depth", l.maxDepth(), 1),
                ls.integer("max-parts", l.maxParts(), 1),
                ls.integer("max-header-bytes", l.maxHeaderBytes(), 1),
                ls.integer("max-text-chars", l.maxTextChars(), 1),
                ls.integer("max-word-length", l.maxWordLength(), 1),
                ls.integer("max-tokens", l.maxTokens(), 1));
    }

    private static AutolearnParams autolearn(ConfigSection as, AutolearnParams a) {
        return new AutolearnParams(
                as.bool("enabled", a.enabled()),
                as.number("spam-min-points", a.spamMinPoints()),
                as.number("ham-max-probability", a.hamMaxProbability()));
    }

    /** ClassifierParams names its keys without their section ("max-discriminators must be > 0"): the message adds it. */
    private static ClassifierParams classifier(ConfigSection cs, ClassifierParams c) {
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
     * Where a duplicate key begins. The parser's column stands after the key (at its colon), where
     * an editor's jump to line:column lands past it; so the key, {@code quoted} as the parser names
     * it, is looked for on that line before that column (quoted or not in the file).
     */
    private static String whereKey(JacksonException e, String yaml, String quoted) {
        TokenStreamLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 1 || at.getColumnNr() < 1) return where(e);
        String line = yaml.lines().skip(at.getLineNr() - 1).findFirst().orElse("");
        String key = quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\"") ? quoted.substring(1, quoted.length() - 1) : quoted;
        int found = line.lastIndexOf(key, Math.min(line.length(), at.getColumnNr() - 1));
        if (found < 0 || key.isEmpty()) return where(e);
        // a quoted key begins at its quote
        if (found > 0 && (line.charAt(found - 1) == '"' || line.charAt(found - 1) == '\'')) found--;
        return " at line " + at.getLineNr() + ", column " + (found + 1);
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
}
