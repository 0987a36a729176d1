package org.bayard.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which held mail an account moderates: everything ({@link #ALL}), or the mail whose envelope
 * recipients are all inside a list of addresses ({@code announce@lists.example.org}), domains
 * ({@code lists.example.org}, also written {@code @lists.example.org}) and subdomain patterns
 * ({@code .example.org}: any subdomain of example.org, not example.org itself, as in
 * {@code relay-domains}). Matching ignores case. A message with no recipients, or with one
 * recipient outside, is not inside a limited scope.
 */
public final class Scope {
    /** No limit: every held item, as for an account without {@code scope}. */
    public static final Scope ALL = new Scope(null, Set.of(), Set.of(), Set.of());

    private final List<String> entries; // null for ALL
    private final Set<String> addresses;
    private final Set<String> domains;
    private final Set<String> subdomainsOf; // with the leading dot

    private Scope(List<String> entries, Set<String> addresses, Set<String> domains, Set<String> subdomainsOf) {
        this.entries = entries;
        this.addresses = addresses;
        this.domains = domains;
        this.subdomainsOf = subdomainsOf;
    }

    /**
     * A limited scope from its entries; an IllegalArgumentException says which entry is wrong and
     * why, or that the list is empty (which would show the account nothing).
     */
    public static Scope of(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            throw new IllegalArgumentException("scope is empty, which would show this account nothing; list addresses "
                    + "(announce@lists.example.org) or domains (lists.example.org), or leave scope out to see everything");
        }
        Set<String> addresses = new LinkedHashSet<>(), domains = new LinkedHashSet<>(), subdomains = new LinkedHashSet<>();
        List<String> shown = new ArrayList<>();
        for (String raw : entries) {
            String e = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            String problem = problem(e);
            if (problem != null) throw new IllegalArgumentException("scope entry '" + raw + "': " + problem);
            if (e.startsWith("@")) e = e.substring(1);
            boolean added = e.startsWith(".") ? subdomains.add(e) : e.contains("@") ? addresses.add(e) : domains.add(e);
            if (added) shown.add(e);
        }
        return new Scope(List.copyOf(shown), Set.copyOf(addresses), Set.copyOf(domains), Set.copyOf(subdomains));
    }

    /** What is wrong with one (stripped, lower-case) entry, or null. */
    private static String problem(String e) {
        if (e.isEmpty()) return "empty";
        if (e.equals("*") || e.equals("all")) return "not an address or a domain; leave scope out to see everything";
        if (e.startsWith("*.")) return "wildcards are written with a leading dot: '" + e.substring(1) + "' for every subdomain";
        int at = e.lastIndexOf('@');
        if (at > 0) {
            String local = e.substring(0, at);
            if (local.indexOf('@') >= 0 || !local.matches("[^\\s\\p{Cntrl}<>(),;:\\[\\]\"\\\\]+")) return "not a mailbox address (list@domain)";
            if (!domain(e.substring(at + 1))) return "'" + e.substring(at + 1) + "' is not a domain name";
            return null;
        }
        String d = at == 0 ? e.substring(1) : e.startsWith(".") ? e.substring(1) : e;
        if (domain(d)) return null;
        if (at < 0 && !e.startsWith(".") && d.matches("[\\p{L}\\p{N}_-]+")) {
            return "neither an address (" + e + "@lists.example.org) nor a domain (a domain name has a dot)";
        }
        return "not an address (list@domain) or a domain (lists.example.org, .example.org for its subdomains)";
    }

    /** A domain name of two or more labels: letters, digits and inner hyphens, 63 characters at most each. */
    private static boolean domain(String d) {
        if (d.length() > 253) return false;
        String[] labels = d.split("\\.", -1);
        if (labels.length < 2) return false;
        for (String l : labels) {
            if (l.isEmpty() || l.length() > 63 || l.startsWith("-") || l.endsWith("-") || !l.matches("[\\p{L}\\p{N}-]+")) return false;
        }
        return true;
    }

    /** True for {@link #ALL}: no limit. */
    public boolean everything() {
        return entries == null;
    }

    /** The entries as configured (lower case, without repeats); empty for {@link #ALL}. */
    public List<String> entries() {
        return entries == null ? List.of() : entries;
    }

    /** Whether a message to these envelope recipients is inside: all of them are, and there is at least one. */
    public boolean covers(List<?> recipients) {
        if (everything()) return true;
        if (recipients == null || recipients.isEmpty()) return false;
        for (Object r : recipients) if (!covers(String.valueOf(r))) return false;
        return true;
    }

    private boolean covers(String recipient) {
        String r = recipient.strip().toLowerCase(Locale.ROOT);
        if (r.startsWith("<") && r.endsWith(">")) r = r.substring(1, r.length() - 1);
        int at = r.lastIndexOf('@');
        if (at <= 0) return false;
        if (addresses.contains(r)) return true;
        String domain = r.substring(at + 1);
        if (domains.contains(domain)) return true;
        for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
            if (subdomainsOf.contains(domain.substring(dot))) return true;
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scope s && java.util.Objects.equals(entries == null ? null : Set.copyOf(entries),
                s.entries == null ? null : Set.copyOf(s.entries));
    }

    @Override
    public int hashCode() {
        return entries == null ? 0 : Set.copyOf(entries).hashCode();
    }

    @Override
    public String toString() {
        return everything() ? "all" : String.join(", ", entries);
    }
}
