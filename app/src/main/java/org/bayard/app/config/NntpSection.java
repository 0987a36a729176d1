package org.bayard.app.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bayard.smtp.MailPath;
import tools.jackson.databind.JsonNode;

/** Reads the {@code nntp:} section (see {@link NntpConfig}); every mistake is named with the file. */
final class NntpSection {
    /**
     * A newsgroup's name as RFC 5536 3.1.4 allows it, dot-separated components of letters, digits
     * and {@code + - _}: also what makes it safe as the name of the gateway's file for the group.
     */
    private static final Pattern NEWSGROUP = Pattern.compile("[A-Za-z0-9+_-]+(\\.[A-Za-z0-9+_-]+)*");

    private NntpSection() {}

    static Optional<NntpConfig> read(ConfigSection top) {
        if (!top.node().has("nntp")) return Optional.empty();
        ConfigSection s = top.section("nntp");
        s.allow();
        String server = s.string("server").orElse(NntpConfig.DEFAULT_SERVER);
        if (s.address("server", NntpConfig.DEFAULT_SERVER).getPort() == 0) { // parsed here, so a mistake is named at load
            throw new ConfigException(s.origin() + ": nntp.server needs the news server's port (119), not 0");
        }
        String tls = s.string("tls").orElse(NntpConfig.TLS_NONE);
        if (!java.util.List.of(NntpConfig.TLS_NONE, NntpConfig.TLS_STARTTLS, NntpConfig.TLS_IMPLICIT).contains(tls)) {
            throw new ConfigException(s.origin() + ": nntp.tls must be none, starttls (after MODE READER, on the server's port) or"
                    + " implicit (NNTPS, port 563), got '" + tls + "'");
        }
        Optional<String> caFile = s.path("tls-ca-file");
        if (caFile.isPresent() && tls.equals(NntpConfig.TLS_NONE)) {
            throw new ConfigException(s.origin() + ": nntp.tls-ca-file is for TLS, and nntp.tls is none: set tls to starttls or implicit");
        }
        Optional<String> submitTo = s.string("submit-to");
        if (submitTo.isPresent()) s.address("submit-to", null);
        Optional<String> user = s.string("user").filter(u -> !u.isEmpty());
        Optional<String> password = s.string("password");
        if (user.isPresent() != password.isPresent()) {
            throw new ConfigException(s.origin() + ": nntp.user and nntp.password go together (AUTHINFO sends both); "
                    + (user.isPresent() ? "there is no password" : "there is no user"));
        }
        if (user.isPresent() && !printable(user.get() + password.get())) {
            throw new ConfigException(s.origin() + ": nntp.user and nntp.password must be printable ASCII without spaces (AUTHINFO's words)");
        }
        Optional<String> sender = s.string("sender").filter(a -> !a.isEmpty());
        if (sender.isPresent()) address(s, "nntp.sender", sender.get());
        return Optional.of(new NntpConfig(server, tls, caFile, user, password, submitTo, sender,
                s.integer("interval-seconds", NntpConfig.DEFAULT_INTERVAL_SECONDS, 1, 7 * 24 * 3600),
                s.integer("timeout-seconds", NntpConfig.DEFAULT_TIMEOUT_SECONDS, 1, 3600), groups(s)));
    }

    /** {@code groups:}, a mapping of newsgroup to list address; at least one. */
    private static Map<String, String> groups(ConfigSection s) {
        JsonNode node = s.node() == null ? null : s.node().get("groups"); // an empty "nntp:" has no mapping at all
        String example = " (for example  groups: {comp.example: example-list@lists.example.org})";
        if (node == null || node.isNull()) throw new ConfigException(s.origin() + ": nntp.groups is missing: name each newsgroup and the list its articles go to" + example);
        if (!node.isObject()) throw new ConfigException(s.origin() + ": nntp.groups must be a mapping of newsgroup to list address" + example);
        Map<String, String> groups = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String group = e.getKey();
            if (!NEWSGROUP.matcher(group).matches()) {
                throw new ConfigException(s.origin() + ": nntp.groups: '" + group + "' is not a newsgroup's name (components of letters,"
                        + " digits, + - _, joined by dots)");
            }
            if (!e.getValue().isString()) throw new ConfigException(s.origin() + ": nntp.groups." + group + " must be the list's address, a string");
            groups.put(group, address(s, "nntp.groups." + group, e.getValue().stringValue()));
        }
        if (groups.isEmpty()) throw new ConfigException(s.origin() + ": nntp.groups names no newsgroup" + example);
        return groups;
    }

    /** An envelope address in ASCII, as the gate takes it after MAIL FROM or RCPT TO. */
    private static String address(ConfigSection s, String key, String value) {
        MailPath path = MailPath.parse("<" + value + ">");
        if (path == null || path.address().isEmpty() || !printable(value)) {
            throw new ConfigException(s.origin() + ": " + key + ": '" + value + "' is not an email address (local@domain, ASCII)");
        }
        return path.address();
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }
}
