package org.bayard.smtp;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may send through us where: clients inside {@code networks} may send to any domain; others
 * only to {@code domains} (and their subdomains when written with a leading dot, {@code .example.org}).
 * Keeps the gate from being an open relay when it faces the Internet directly.
 */
public final class RelayPolicy {
    private record Cidr(byte[] net, int bits) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != net.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((b[i / 8] & mask) != (net[i / 8] & mask)) return false;
            }
            return true;
        }
    }

    private final List<Cidr> networks;
    private final Set<String> domains;

    public RelayPolicy(List<String> networks, List<String> domains) {
        this.networks = networks.stream().map(RelayPolicy::cidr).toList();
        this.domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static Cidr cidr(String s) {
        String[] parts = s.trim().split("/", 2);
        try {
            // numbers only: a name here (cafe.de passed a hex-and-dots check) was looked up in DNS
            byte[] net = IpLiteral.parse(parts[0]).orElseThrow(() -> new IllegalArgumentException("not an IP network: '" + s + "'"))
                    .getAddress();
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : net.length * 8;
            if (bits < 0 || bits > net.length * 8) throw new IllegalArgumentException("bad prefix length in '" + s + "'");
            return new Cidr(net, bits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP network: '" + s + "'");
        }
    }

    public boolean trusted(InetAddress client) {
        for (Cidr c : networks) if (c.contains(client)) return true;
        return false;
    }

    public boolean mayRelay(InetAddress client, String recipient) {
        if (trusted(client)) return true;
        int at = recipient.lastIndexOf('@');
        if (at < 0) return recipient.equalsIgnoreCase("postmaster"); // ours by definition (RFC 5321 4.5.1)
        String domain = recipient.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domains.contains(domain)) return true;
        for (String d : domains) if (d.startsWith(".") && domain.endsWith(d)) return true;
        return false;
    }
}
