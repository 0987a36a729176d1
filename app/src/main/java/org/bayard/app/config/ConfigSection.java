package org.bayard.app.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * A mapping in the configuration file, with the path of keys that leads to it: it reads each
 * typed value and names the key and the file in every error, so the loader only says which keys
 * make which setting.
 */
record ConfigSection(String origin, String path, JsonNode node) {
    /** Refuses keys this section does not take, naming the one each was most likely meant to be. */
    void allow() {
        if (node == null) return;
        List<String> keys = ConfigLoader.knownKeys().keys(path);
        Set<String> unknown = new TreeSet<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!keys.contains(e.getKey())) unknown.add(path + e.getKey() + ConfigLoader.knownKeys().hint(path, e.getKey()));
        }
        if (!unknown.isEmpty()) {
            throw new ConfigException(origin + ": unknown key(s) " + unknown + "; known here: " + String.join(", ", keys));
        }
    }

    ConfigSection section(String key) {
        JsonNode child = node == null ? null : node.get(key);
        if (child == null || child.isNull()) return new ConfigSection(origin, path + key + ".", null);
        if (!child.isObject()) throw new ConfigException(origin + ": " + path + key + " must be a mapping");
        return new ConfigSection(origin, path + key + ".", child);
    }

    /** Whether the file sets this key (to anything but null). */
    boolean given(String key) {
        JsonNode v = node == null ? null : node.get(key);
        return v != null && !v.isNull();
    }

    /**
     * The HOST:PORT at {@code key} to listen on, else {@code dflt}: checked as it is read, so that a
     * mistake is named with the file at load (and by config check), not at serve's start.
     */
    String listenAddress(String key, String dflt) {
        String value = string(key).orElse(dflt);
        address(key, dflt);
        return value;
    }

    /**
     * Where a door the MTA talks to listens, at {@code key}, else {@code dflt}: HOST:PORT or a
     * Unix socket's path ({@link DoorAddress}), checked as it is read.
     */
    String doorAddress(String key, String dflt) {
        String value = string(key).orElse(dflt);
        try {
            DoorAddress.parse(value, DoorAddress.DEFAULT_SOCKET_MODE, path + key);
        } catch (ConfigException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
        return value;
    }

    /**
     * A Unix socket's permissions at {@code key}, written in octal as chmod takes them ("0660"),
     * else {@code dflt}. A string, not a YAML number: 0660 unquoted is read as octal by some
     * YAML parsers and as 660 by others.
     */
    int socketMode(String key, int dflt) {
        Optional<String> written;
        try {
            written = string(key);
        } catch (ConfigException notAString) {
            throw new ConfigException(origin + ": " + path + key + " must be octal digits in quotes, as chmod takes them: \"0660\"");
        }
        if (written.isEmpty()) return dflt;
        String v = written.get().strip();
        if (!v.matches("0?[0-7]{3}")) {
            throw new ConfigException(origin + ": " + path + key + " must be octal digits, as chmod takes them (\"0660\"), got '" + written.get() + "'");
        }
        return Integer.parseInt(v, 8);
    }

    /** The HOST:PORT at {@code key}, else {@code dflt}, parsed; a mistake named with the file. */
    java.net.InetSocketAddress address(String key, String dflt) {
        try {
            return HostPort.parse(string(key).orElse(dflt), path + key);
        } catch (IllegalArgumentException | ConfigException e) {
            throw new ConfigException(origin + ": " + e.getMessage());
        }
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
        if (!v.isNumber()) throw new ConfigException(origin + ": " + path + key + " must be a number, got " + shown(v, ConfigSection::isNumber));
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
}
