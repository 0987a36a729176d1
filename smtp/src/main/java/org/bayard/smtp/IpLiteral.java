package org.bayard.smtp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An IP address written out as numbers, turned into an InetAddress without any DNS lookup.
 * InetAddress.getByName alone is not enough: it looks up whatever it cannot parse, so a
 * client-supplied {@code cafe.de} (hex letters and dots, like an address) became a DNS query.
 */
public final class IpLiteral {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {}

    /**
     * The address written in {@code text}: four decimal octets, or IPv6 (with or without the
     * {@code IPv6:} prefix Postfix and RFC 5321 put before it).
     *
     * @return empty for anything else, names included: they are never looked up
     */
    public static Optional<InetAddress> parse(String text) {
        if (text.regionMatches(true, 0, "IPv6:", 0, 5)) return ipv6(text.substring(5));
        if (text.indexOf(':') >= 0) return ipv6(text);
        return ipv4(text);
    }

    private static Optional<InetAddress> ipv4(String text) {
        var m = DOTTED_QUAD.matcher(text);
        if (!m.matches()) return Optional.empty();
        byte[] octets = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(m.group(i + 1));
            if (octet > 255) return Optional.empty();
            octets[i] = (byte) octet;
        }
        try {
            return Optional.of(InetAddress.getByAddress(octets)); // bytes: nothing to look up
        } catch (UnknownHostException e) {
            return Optional.empty(); // four bytes are always a valid length
        }
    }

    private static Optional<InetAddress> ipv6(String text) {
        // a string with a colon is only ever parsed as an IPv6 literal by getByName, never looked
        // up; the colon check stays here so that the prefix cannot hide a name after it
        if (!IPV6_CHARS.matcher(text).matches() || text.indexOf(':') < 0) return Optional.empty();
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
