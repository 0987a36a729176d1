package org.bayard.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.http.Passwords;
import org.bayard.http.Role;
import org.junit.jupiter.api.Test;

/**
 * {@code config/bayard.yaml} says it documents every key with its default. ConfigFileTest checks
 * that its live values are the defaults; this checks the rest of the promise: every key the loader
 * takes is in the file (live, or commented out where it has no value by default, as {@code db}
 * and the {@code http:} section), every key the file names is one the loader takes, and the
 * commented-out {@code http:} section states the values the code uses when they are left out.
 */
class DocumentedConfigTest {
    private static final Path DOCUMENTED = Path.of("../config/bayard.yaml");
    /** Where the sections commented out begin: http:, then spamd: and milter:. */
    private static final String HTTP = "\n# http:\n";

    /**
     * A key line, live or commented out ({@code "  # quarantine: /var/spool/bayard"}), perhaps a
     * list item's first key. Commented keys are lower case, as every key but the points' symbols
     * is, so that a comment's prose ("# Entries: addresses") is not taken for one.
     */
    private static final Pattern KEY = Pattern.compile("^( *)(?:(- )?([A-Za-z][A-Za-z0-9_-]*)|# (- )?([a-z][a-z0-9-]*)):(?: |$)");

    @Test
    void everyKeyTheLoaderTakesIsDocumentedAndEveryDocumentedKeyIsTaken() throws IOException {
        Set<String> documented = documentedKeys(Files.readString(DOCUMENTED));
        Set<String> known = new TreeSet<>();
        for (Map.Entry<String, java.util.List<String>> section : ConfigLoader.knownKeys().sections().entrySet()) {
            for (String key : section.getValue()) known.add(section.getKey() + key);
        }
        assertThat(difference(known, documented)).as("keys the loader takes that " + DOCUMENTED + " does not document").isEmpty();
        assertThat(difference(documented, known)).as("keys " + DOCUMENTED + " documents that the loader does not take").isEmpty();
    }

    /** The http: section is commented out (it needs password hashes): its values are checked once uncommented. */
    @Test
    void theCommentedHttpSectionStatesTheDefaults() throws IOException {
        String doc = Files.readString(DOCUMENTED);
        String hash = Passwords.hash("a long passphrase".toCharArray(), 10_000);
        String http = doc.substring(doc.indexOf(HTTP) + 1).replaceAll("(?m)^# ?", "")
                .replaceAll("\"pbkdf2-sha256\\$[^\"]*\"", "\"" + hash.replace("$", "\\$") + "\"");
        HttpConfig h = ConfigLoader.parse(http, "http section").http().orElseThrow();
        assertThat(h.listen()).isEqualTo(HttpConfig.DEFAULT_LISTEN);
        assertThat(h.maxBodyBytes()).isEqualTo(HttpConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(h.maxConcurrent()).isEqualTo(HttpConfig.DEFAULT_MAX_CONCURRENT);
        assertThat(h.trustedProxies()).isEmpty();
        assertThat(h.bodyStallSeconds()).isEqualTo(HttpConfig.DEFAULT_BODY_STALL_SECONDS);
        // the keys commented out twice are examples of values with no default (history-file: beside the store)
        assertThat(h.historyFile()).isEmpty();
        // a user's role, when left out, is the one the file calls the default ("role: admin   # or read-only (the default)")
        Matcher said = Pattern.compile("(?m)^ *role: .*?([a-z-]+) \\(the default\\)").matcher(http);
        assertThat(said.find()).as("the file names the role a user has when none is given").isTrue();
        HttpConfig noRole = ConfigLoader.parse("http:\n  users:\n    - name: u\n      password-hash: \"" + hash + "\"\n", "t")
                .http().orElseThrow();
        assertThat(noRole.users().getFirst().role()).isEqualTo(Role.parse(said.group(1)));
    }

    /** The spamd: section is commented out (no door unless asked for): its values are the defaults once uncommented. */
    @Test
    void theCommentedSpamdSectionStatesTheDefaults() throws IOException {
        String doc = Files.readString(DOCUMENTED);
        String spamd = doc.substring(doc.indexOf("\n# spamd:\n") + 1, doc.indexOf("\n# milter:\n") + 1).replaceAll("(?m)^# ?", "");
        assertThat(ConfigLoader.parse(spamd, "spamd section").spamd()).contains(SpamdConfig.DEFAULTS);
    }

    /** The milter: section is commented out too: its values are the defaults once uncommented. */
    @Test
    void theCommentedMilterSectionStatesTheDefaults() throws IOException {
        String doc = Files.readString(DOCUMENTED);
        String milter = doc.substring(doc.indexOf("\n# milter:\n") + 1, doc.indexOf("\n# redis:\n") + 1).replaceAll("(?m)^# ?", "");
        assertThat(ConfigLoader.parse(milter, "milter section").milter()).contains(MilterConfig.DEFAULTS);
    }

    /** The nntp: section is commented out too: once uncommented, the defaults with its example group (the keys commented twice have none). */
    @Test
    void theCommentedNntpSectionStatesTheDefaults() throws IOException {
        String doc = Files.readString(DOCUMENTED);
        String nntp = doc.substring(doc.indexOf("\n# nntp:\n") + 1).replaceAll("(?m)^# ?", "");
        assertThat(ConfigLoader.parse(nntp, "nntp section").nntp()).contains(NntpConfig.EXAMPLE);
    }

    /**
     * A key the loader allows but never reads would be taken without a word and do nothing. Each
     * key, given a value of no type any key takes (a mapping), must be refused naming it: proof
     * that something reads it.
     */
    @Test
    void everyKeyTheLoaderTakesIsRead() {
        java.util.List<String> unread = new java.util.ArrayList<>();
        for (String path : leafKeys()) {
            try {
                ConfigLoader.parse(withValue(path, "{unexpected: mapping}"), "t.yaml");
                unread.add(path + " (taken)");
            } catch (ConfigException e) {
                if (!e.getMessage().contains(path.replace("users[]", "users[0]"))) unread.add(path + " (" + e.getMessage() + ")");
            }
        }
        assertThat(unread).isEmpty();
    }

    /**
     * A mistake in the file is the user's: whatever value a key is given, the loader takes it or
     * refuses it with a ConfigException (one line, exit 1), never another exception, which the
     * command line reports as an internal error with a trace.
     */
    @Test
    void noValueOfAnyKeyEndsInAnythingButAConfigurationError() {
        java.util.List<String> crashes = new java.util.ArrayList<>();
        for (String path : leafKeys()) {
            for (String value : java.util.List.of("[]", "{}", "[[1]]", "[{a: 1}]", "\"\"", "\" \"", "x", "\"\\u0000\"", "0", "-1", "-0.5",
                    "99999999999999999999", "1e999", ".nan", "-.inf", "true", "null", "~", "[1, 2]", "[\"\"]", "[\"a b\"]",
                    "\"" + "x".repeat(5000) + "\"", "!!binary aGVsbG8=", "2026-11-23", "0x10", "[\"*\"]", "[\"::1\", \"0.0.0.0/0\"]")) {
                try {
                    ConfigLoader.parse(withValue(path, value), "t.yaml");
                } catch (ConfigException e) {
                    // refused, as a user's mistake
                } catch (RuntimeException e) {
                    crashes.add(path + ": " + (value.length() > 30 ? value.substring(0, 30) + "..." : value) + " -> " + e);
                }
            }
        }
        assertThat(crashes).isEmpty();
    }

    /** Every key that holds a value rather than a section of its own ("smtp.listen", "http.users[].role"). */
    private static java.util.List<String> leafKeys() {
        Map<String, java.util.List<String>> sections = ConfigLoader.knownKeys().sections();
        java.util.List<String> leaves = new java.util.ArrayList<>();
        for (Map.Entry<String, java.util.List<String>> section : sections.entrySet()) {
            for (String key : section.getValue()) {
                String path = section.getKey() + key;
                if (!sections.containsKey(path + ".") && !sections.containsKey(path + "[].")) leaves.add(path);
            }
        }
        return leaves;
    }

    private static final String HASH = Passwords.hash("a long passphrase".toCharArray(), 10_000);

    /** A configuration that gives the key at {@code path} this value, with the http: section's required user when it is in that section. */
    private static String withValue(String path, String value) {
        String sectionPath = path.substring(0, path.lastIndexOf('.') + 1);
        String key = path.substring(sectionPath.length());
        String user = "name: u\n      password-hash: \"" + HASH + "\"\n";
        String[] steps = sectionPath.isEmpty() ? new String[0] : sectionPath.substring(0, sectionPath.length() - 1).split("\\.");
        StringBuilder yaml = new StringBuilder();
        String indent = "";
        for (String step : steps) {
            if (step.equals("users[]")) {
                // the item's keys line up after "- "; the one under test is left for below
                String item = key.equals("name") ? "password-hash: \"" + HASH + "\"\n" : key.equals("password-hash") ? "name: u\n"
                        : user.replace("\n      ", "\n" + indent + "  ");
                yaml.append(indent).append("users:\n").append(indent).append("- ").append(item);
                indent += "  ";
                continue;
            }
            yaml.append(indent).append(step).append(":\n");
            indent += "  ";
        }
        if (path.startsWith("http.") && !path.startsWith("http.users")) yaml.append("  users:\n    - ").append(user);
        return yaml.append(indent).append(key).append(": ").append(value).append("\n").toString();
    }

    /** Every key path the text names ("smtp.listen", "http.users[].name"), uncommenting the http: section first. */
    static Set<String> documentedKeys(String doc) {
        int http = doc.indexOf(HTTP);
        String text = doc.substring(0, http + 1) + doc.substring(http + 1).replaceAll("(?m)^# ?", "");
        Set<String> keys = new TreeSet<>();
        Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
        for (String line : text.split("\n")) {
            Matcher m = KEY.matcher(line);
            if (!m.find()) continue;
            boolean item = m.group(2) != null || m.group(4) != null;
            String key = m.group(3) != null ? m.group(3) : m.group(5);
            int indent = m.group(1).length() + (item ? 2 : 0);
            while (!parents.isEmpty() && parents.peek().getKey() >= indent) parents.pop();
            if (item && !parents.isEmpty() && !parents.peek().getValue().endsWith("[]")) {
                Map.Entry<Integer, String> list = parents.pop();
                parents.push(Map.entry(list.getKey(), list.getValue() + "[]"));
            }
            StringBuilder path = new StringBuilder();
            parents.descendingIterator().forEachRemaining(p -> path.append(p.getValue()).append('.'));
            keys.add(path + key);
            parents.push(Map.entry(indent, key));
        }
        return keys;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }
}
