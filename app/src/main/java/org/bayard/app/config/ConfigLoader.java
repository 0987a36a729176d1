package org.bayard.app.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.train.AutolearnParams;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the YAML configuration. Unknown keys and wrong types are errors naming the key, so a
 * typo never silently falls back to a default.
 */
public final class ConfigLoader {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ConfigLoader() {}

    public static BayardConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("cannot read configuration " + file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static BayardConfig parse(String yaml, String origin) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new ConfigException(origin + ": not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) return BayardConfig.DEFAULTS;
        Section top = new Section(origin, "", root);
        top.allow("db", "classifier", "limits", "autolearn");
        Optional<String> db = top.string("db");
        ClassifierParams c = ClassifierParams.DEFAULTS;
        Section cs = top.section("classifier");
        cs.allow("unknown-word-strength", "unknown-word-prob", "minimum-prob-strength", "max-discriminators",
                "max-evidence-tokens", "ham-cutoff", "spam-cutoff");
        MailLimits l = MailLimits.DEFAULT;
        Section ls = top.section("limits");
        ls.allow("max-scan-bytes", "max-depth", "max-parts", "max-header-bytes", "max-text-chars", "max-word-length",
                "max-tokens");
        AutolearnParams a = AutolearnParams.DEFAULTS;
        Section as = top.section("autolearn");
        as.allow("enabled", "spam-min-points", "ham-max-probability");
        try {
            c = new ClassifierParams(
                    cs.number("unknown-word-strength", c.unknownWordStrength()),
                    cs.number("unknown-word-prob", c.unknownWordProb()),
                    cs.number("minimum-prob-strength", c.minimumProbStrength()),
                    cs.integer("max-discriminators", c.maxDiscriminators()),
                    cs.integer("max-evidence-tokens", c.maxEvidenceTokens()),
                    cs.number("ham-cutoff", c.hamCutoff()),
                    cs.number("spam-cutoff", c.spamCutoff()));
            l = new MailLimits(
                    ls.integer("max-scan-bytes", (int) Math.min(Integer.MAX_VALUE, l.maxScanBytes())),
                    ls.integer("max-depth", l.maxDepth()),
                    ls.integer("max-parts", l.maxParts()),
                    ls.integer("max-header-bytes", l.maxHeaderBytes()),
                    ls.integer("max-text-chars", l.maxTextChars()),
                    ls.integer("max-word-length", l.maxWordLength()),
                    ls.integer("max-tokens", l.maxTokens()));
            a = new AutolearnParams(
                    as.bool("enabled", a.enabled()),
                    as.number("spam-min-points", a.spamMinPoints()),
                    as.number("ham-max-probability", a.hamMaxProbability()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
        return new BayardConfig(db, c, l, a);
    }

    /** A mapping in the file, with the path of keys that leads to it for error messages. */
    private record Section(String origin, String path, JsonNode node) {
        void allow(String... keys) {
            if (node == null) return;
            Set<String> unknown = new TreeSet<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!Set.of(keys).contains(e.getKey())) unknown.add(path + e.getKey());
            }
            if (!unknown.isEmpty()) {
                throw new ConfigException(origin + ": unknown key(s) " + unknown + "; known here: " + String.join(", ", keys));
            }
        }

        Section section(String key) {
            JsonNode child = node.get(key);
            if (child == null || child.isNull()) return new Section(origin, path + key + ".", null);
            if (!child.isObject()) throw new ConfigException(origin + ": " + path + key + " must be a mapping");
            return new Section(origin, path + key + ".", child);
        }

        Optional<String> string(String key) {
            JsonNode v = node == null ? null : node.get(key);
            if (v == null || v.isNull()) return Optional.empty();
            if (!v.isString()) throw new ConfigException(origin + ": " + path + key + " must be a string");
            return Optional.of(v.stringValue());
        }

        double number(String key, double dflt) {
            JsonNode v = node == null ? null : node.get(key);
            if (v == null || v.isNull()) return dflt;
            if (!v.isNumber()) throw new ConfigException(origin + ": " + path + key + " must be a number, got '" + v.asString() + "'");
            return v.doubleValue();
        }

        boolean bool(String key, boolean dflt) {
            JsonNode v = node == null ? null : node.get(key);
            if (v == null || v.isNull()) return dflt;
            if (!v.isBoolean()) throw new ConfigException(origin + ": " + path + key + " must be true or false, got '" + v.asString() + "'");
            return v.booleanValue();
        }

        int integer(String key, int dflt) {
            JsonNode v = node == null ? null : node.get(key);
            if (v == null || v.isNull()) return dflt;
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new ConfigException(origin + ": " + path + key + " must be a whole number, got '" + v.asString() + "'");
            }
            return v.intValue();
        }
    }
}
