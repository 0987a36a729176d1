package org.bayard.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 7239's {@code Forwarded} field, split into its elements (one per proxy, each with its
 * {@code for=} node and {@code proto=}), apart from {@link ProxyChain} because its syntax (quoted
 * strings, bracketed IPv6, ports, obfuscated names) is a job of its own.
 *
 * <p>The elements are split from the end: the trusted proxies append theirs after whatever the
 * client sent, so a client's unbalanced quote early in the field cannot swallow a proxy's element
 * after it. An element that does not follow the grammar is kept as unreadable, never guessed at.
 */
final class ForwardedField {
    private ForwardedField() {}

    /**
     * One forwarded-element.
     *
     * @param readable whether it follows RFC 7239's grammar; if not, the other parts are null
     * @param node the {@code for=} node without port or brackets ({@code 192.0.2.1}, {@code 2001:db8::1},
     *     {@code unknown}, {@code _hidden}); null when the element has no {@code for=}
     * @param proto the {@code proto=} value, or null
     */
    record Element(boolean readable, String node, String proto) {
        static final Element UNREADABLE = new Element(false, null, null);
    }

    /** The elements of every field, in order (a proxy may add its own field after the client's); empty list items are none. */
    static List<Element> elements(List<String> fields) {
        List<Element> out = new ArrayList<>();
        if (fields == null || fields.isEmpty()) return out;
        for (String raw : splitFromTheEnd(String.join(",", fields))) {
            if (!raw.isBlank()) out.add(parse(raw.strip()));
        }
        return out;
    }

    /** The field's elements: split at the commas outside quoted strings, found from the right. */
    private static List<String> splitFromTheEnd(String field) {
        List<String> out = new ArrayList<>(); // nearest first, turned round at the end: linear in the field's length
        boolean quoted = false;
        int end = field.length();
        for (int i = field.length() - 1; i >= 0; i--) {
            char c = field.charAt(i);
            if (c == '"' && !(quoted && escaped(field, i))) {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(field.substring(i + 1, end));
                end = i;
            }
        }
        out.add(field.substring(0, end)); // with a quote left open, this first element does not parse
        Collections.reverse(out);
        return out;
    }

    /** Whether the quote at {@code i} is escaped: an odd number of backslashes before it. */
    private static boolean escaped(String s, int i) {
        int n = 0;
        while (i - 1 - n >= 0 && s.charAt(i - 1 - n) == '\\') n++;
        return n % 2 == 1;
    }

    /** forwarded-element = [ pair ] *( ";" [ pair ] ), pair = token "=" ( token / quoted-string ); spaces around ";" allowed. */
    private static Element parse(String element) {
        Set<String> seen = new HashSet<>();
        String node = null, proto = null;
        int i = 0, n = element.length();
        while (i < n) {
            char c = element.charAt(i);
            if (c == ';' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int nameEnd = i;
            while (nameEnd < n && tchar(element.charAt(nameEnd))) nameEnd++;
            if (nameEnd == i || nameEnd >= n || element.charAt(nameEnd) != '=') return Element.UNREADABLE;
            String name = element.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            if (!seen.add(name)) return Element.UNREADABLE; // each parameter once per element (RFC 7239, 4)
            i = nameEnd + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && element.charAt(i) == '"') {
                i++;
                while (i < n && element.charAt(i) != '"') {
                    if (element.charAt(i) == '\\' && i + 1 < n) i++;
                    value.append(element.charAt(i++));
                }
                if (i >= n) return Element.UNREADABLE; // the quote is never closed
                i++;
            } else {
                while (i < n && tchar(element.charAt(i))) value.append(element.charAt(i++));
                if (value.isEmpty()) return Element.UNREADABLE;
            }
            // after a value: the end, or spaces and the next ";"
            int after = i;
            while (after < n && (element.charAt(after) == ' ' || element.charAt(after) == '\t')) after++;
            if (after < n && element.charAt(after) != ';') return Element.UNREADABLE;
            i = after;
            if (name.equals("for")) {
                node = node(value.toString());
                if (node == null) return Element.UNREADABLE;
            } else if (name.equals("proto")) {
                proto = value.toString();
            }
        }
        return new Element(true, node, proto);
    }

    /** node = nodename [ ":" node-port ]; the nodename, brackets off an IPv6 one, or null when it is none of RFC 7239's forms. */
    private static String node(String v) {
        String name, port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) return null;
            name = v.substring(1, close);
            String rest = v.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) return null;
            port = rest.isEmpty() ? null : rest.substring(1);
            if (!ipv6(name)) return null;
        } else {
            int colon = v.indexOf(':');
            name = colon < 0 ? v : v.substring(0, colon);
            port = colon < 0 ? null : v.substring(colon + 1);
            if (!(ipv4(name) || name.equalsIgnoreCase("unknown") || obfuscated(name))) return null;
            if (name.equalsIgnoreCase("unknown")) name = "unknown";
        }
        if (port != null && !(port.matches("[0-9]{1,5}") || obfuscated(port))) return null;
        return name;
    }

    private static boolean obfuscated(String s) {
        return s.matches("_[A-Za-z0-9._-]+");
    }

    /** Four decimal octets, 0 to 255, without leading zeros (RFC 3986's dec-octet). */
    private static boolean ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    /** An IPv6 literal (an IPv4-mapped one too): parsed as one, in brackets, so that nothing is ever looked up. */
    private static boolean ipv6(String s) {
        if (s.length() > 45 || s.indexOf(':') < 0 || !s.matches("[0-9A-Fa-f:.]+")) return false;
        try {
            java.net.InetAddress.getByName("[" + s + "]");
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    /** RFC 9110's tchar. */
    private static boolean tchar(char c) {
        return c < 0x7f && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }
}
