package org.bayard.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the trusted proxies in front of us say about the client: who it is (X-Forwarded-For) and
 * how it came (X-Forwarded-Proto). Each proxy adds to these fields, after what came in, so only
 * the values at their end were written by proxies we trust; what lies before them may be the
 * client's own. Both are read through the same chain: the proxies are the connection's peer and
 * the X-Forwarded-For hops before it that are trusted proxies themselves (a TLS proxy in front of
 * a balancer), and the client is the hop before those.
 */
final class ProxyChain {
    /** The client as X-Forwarded-For names it, or the peer when nothing trusted names another. */
    private final String client;
    /** How many trusted proxies the request passed: the peer and the trusted hops before it; 0 when the peer is not one. */
    private final int proxies;
    private final List<String> protos;

    /**
     * @param peer the connection's address, as Java prints it
     * @param forwardedFor every X-Forwarded-For field, in order (a proxy may add its own field after the client's)
     * @param forwardedProto every X-Forwarded-Proto field, in order
     */
    ProxyChain(String peer, Set<String> trusted, List<String> forwardedFor, List<String> forwardedProto) {
        if (!trusted.contains(peer)) { // X-Forwarded-* only from a configured proxy
            client = peer;
            proxies = 0;
            protos = List.of();
            return;
        }
        List<String> hops = values(forwardedFor);
        protos = values(forwardedProto);
        // from the right, past the hops that are trusted proxies themselves: with the last hop
        // alone, every client behind two proxies was the first proxy
        int i = hops.size() - 1;
        while (i > 0 && trusted.contains(asJavaPrintsIt(hops.get(i)))) i--;
        client = hops.isEmpty() ? peer : hops.get(i);
        proxies = hops.isEmpty() ? 1 : hops.size() - i; // the peer and the trusted hops after the client's
    }

    String client() {
        return client;
    }

    /**
     * The scheme the client used to reach the first trusted proxy, when a trusted proxy said it:
     * the value that proxy added, counted from the end as one per proxy in the chain. When there
     * are fewer values than proxies, some proxy replaced the field instead of adding to it, so
     * every value left is a trusted proxy's, and the first is the one nearest the client.
     */
    Optional<String> proto() {
        if (proxies == 0 || protos.isEmpty()) return Optional.empty();
        return Optional.of(protos.get(Math.max(0, protos.size() - proxies)));
    }

    /** Every value of the fields, in order: the fields joined and split at their commas. */
    private static List<String> values(List<String> fields) {
        List<String> out = new ArrayList<>();
        if (fields == null) return out;
        for (String field : fields) {
            for (String v : field.split(",")) {
                String t = v.trim();
                if (!t.isEmpty()) out.add(t);
            }
        }
        return out;
    }

    /** An address in the form trusted-proxies are kept in (IPv6 long, as Java prints it); anything else as it is. */
    private static String asJavaPrintsIt(String hop) {
        if (hop.indexOf(':') < 0) return hop; // IPv4 is printed as written; a name is never looked up
        try {
            return java.net.InetAddress.getByName(hop).getHostAddress(); // a literal with a colon: parsed, never looked up
        } catch (java.net.UnknownHostException e) {
            return hop;
        }
    }
}
