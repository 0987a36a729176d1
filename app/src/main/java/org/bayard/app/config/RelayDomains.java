package org.bayard.app.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks smtp.relay-domains. The gate compares each entry with the recipient's domain as text (a
 * leading dot: any subdomain), so an entry that cannot be a domain never matches, and mail for it
 * is refused as relaying: Exim's "*.example.org", an address, a stray blank. Such an entry is
 * refused when the file is read instead, with the form that works.
 */
final class RelayDomains {
    /** A domain (UTF-8 labels too, as SMTPUTF8 recipients may have), optionally with a leading dot; or an address literal. */
    private static final Pattern DOMAIN = Pattern.compile("\\.?[\\p{L}\\p{N}_-]+(\\.[\\p{L}\\p{N}_-]+)*|\\[[^\\]\\s]+]");

    private RelayDomains() {}

    static void check(String origin, List<String> domains) {
        for (String d : domains) {
            if (DOMAIN.matcher(d).matches()) continue;
            String problem = origin + ": smtp.relay-domains: '" + d + "' is not a domain";
            if (d.startsWith("*.") && DOMAIN.matcher(d.substring(1)).matches()) {
                throw new ConfigException(problem + "; write " + d.substring(1) + " for its subdomains (and " + d.substring(2)
                        + " for the domain itself)");
            }
            throw new ConfigException(problem + " (example.org, or .example.org for its subdomains)");
        }
    }
}
