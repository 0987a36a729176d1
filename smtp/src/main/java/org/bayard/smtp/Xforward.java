package org.bayard.smtp;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Postfix's XFORWARD command, as a before-queue proxy receives it: the real client's address,
 * name and HELO behind Postfix, which otherwise shows up as 127.0.0.1. Without it the sender
 * blocklist would key on Postfix's address and block a sender for everyone. Pure parsing; the
 * session accepts it only from trusted (relay-network) peers.
 */
final class Xforward {
    /** What our EHLO offers; Postfix sends only these. */
    static final String KEYWORDS = "NAME ADDR PORT PROTO HELO IDENT SOURCE";
    private static final Set<String> ATTRIBUTES = Set.of(KEYWORDS.split(" "));
    private static final Pattern VALUE = Pattern.compile("[!-~]+");
    private static final int MAX_VALUE = 255;

    private Xforward() {}

    /**
     * The attributes of one XFORWARD command line's argument ({@code ADDR=192.0.2.1 HELO=mx.example}).
     *
     * @return empty when the syntax is wrong or an attribute is unknown; a value over 255 chars is left out
     */
    static Optional<Map<String, String>> parse(String arg) {
        Map<String, String> attrs = new LinkedHashMap<>();
        if (arg.isBlank()) return Optional.empty();
        for (String part : arg.trim().split(" +")) {
            int eq = part.indexOf('=');
            if (eq <= 0) return Optional.empty();
            String name = part.substring(0, eq).toUpperCase(Locale.ROOT);
            String value = part.substring(eq + 1);
            if (!ATTRIBUTES.contains(name) || !VALUE.matcher(value).matches()) return Optional.empty();
            // Postfix passes on whatever HELO its client gave: a longer one is left out, not refused,
            // since Postfix answers a refused XFORWARD with 451 for the whole message, on every retry
            if (value.length() <= MAX_VALUE) attrs.put(name, value);
        }
        return Optional.of(attrs);
    }

    /**
     * The forwarded client address, when ADDR holds an IP address in numbers; Postfix's
     * {@code [UNAVAILABLE]} and {@code [TEMPUNAVAIL]}, and anything else, give none (no DNS here).
     */
    static Optional<InetAddress> address(Map<String, String> attrs) {
        String addr = attrs.get("ADDR");
        return addr == null ? Optional.empty() : IpLiteral.parse(addr);
    }

    /**
     * The attributes a next hop named in its EHLO: Postfix sends all seven it was offered, but a
     * server that names fewer (smtp-sink names four) may refuse the whole command for one it
     * does not know, and the next hop would lose even the client's address.
     */
    static Map<String, String> only(Map<String, String> attrs, Set<String> named) {
        Map<String, String> kept = new LinkedHashMap<>(attrs);
        kept.keySet().retainAll(named);
        return kept;
    }

    /** The attributes as an XFORWARD command line for the next hop. */
    static String command(Map<String, String> attrs) {
        StringBuilder b = new StringBuilder("XFORWARD");
        attrs.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }
}
