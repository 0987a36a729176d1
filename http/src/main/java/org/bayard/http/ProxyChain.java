package org.bayard.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the trusted proxies in front of us say about the client: who it is (RFC 7239's Forwarded
 * {@code for=}, or X-Forwarded-For) and how it came ({@code proto=}, or X-Forwarded-Proto). Each
 * proxy adds to these fields, after what came in, so only the values at their end were written by
 * proxies we trust; what lies before them may be the client's own. Both are read through the same
 * chain: the proxies are the connection's peer and the hops before it that are trusted proxies
 * themselves (a TLS proxy in front of a balancer), and the client is the hop before those.
 *
 * <p>Forwarded and X-Forwarded-For together count only when they name the same client. A proxy
 * that writes one of them passes the other on as the client sent it, so either may be forged, and
 * preferring one would let a client behind a proxy that writes only the other pick its address;
 * when they differ, neither is believed and the request is the peer's own.
 */
final class ProxyChain {
    /** The client as the forwarded fields name it, or the peer when nothing trusted names another. */
    private final String client;
    /** How many trusted proxies the request passed: the peer and the trusted hops before it; 0 when the peer is not one. */
    private final int proxies;
    /** The proto= of the client's Forwarded element, which wins over X-Forwarded-Proto; null when none. */
    private final String clientsProto;
    private final List<String> protos;

    /**
     * @param peer the connection's address, as Java prints it
     * @param forwarded every Forwarded field, in order
     * @param forwardedFor every X-Forwarded-For field, in order (a proxy may add its own field after the client's)
     * @param forwardedProto every X-Forwarded-Proto field, in order
     */
    ProxyChain(String peer, Set<String> trusted, List<String> forwarded, List<String> forwardedFor, List<String> forwardedProto) {
        if (!trusted.contains(peer)) { // forwarded fields only from a configured proxy
            client = peer;
            proxies = 0;
            clientsProto = null;
            protos = List.of();
            return;
        }
        protos = values(forwardedProto);
        Walked byXff = walkXForwardedFor(peer, trusted, values(forwardedFor));
        List<ForwardedField.Element> elements = ForwardedField.elements(forwarded);
        if (elements.isEmpty()) {
            client = byXff.client;
            proxies = byXff.proxies;
            clientsProto = null;
            return;
        }
        Walked byForwarded = walkForwarded(peer, trusted, elements);
        if (byXff.named && !asJavaPrintsIt(byXff.client).equals(asJavaPrintsIt(byForwarded.client))) {
            client = peer; // the two disagree: one was forged, and which cannot be told
            proxies = 0;
            clientsProto = null;
            return;
        }
        client = byForwarded.client;
        proxies = byXff.named ? byXff.proxies : byForwarded.proxies;
        clientsProto = byForwarded.proto;
    }

    /** Where a walk back through the trusted hops ended: the client, the proxies passed, and the client's proto= (Forwarded only). */
    private record Walked(String client, int proxies, String proto, boolean named) {}

    /**
     * From the right, past the hops that are trusted proxies themselves: with the last hop alone,
     * every client behind two proxies was the first proxy.
     */
    private static Walked walkXForwardedFor(String peer, Set<String> trusted, List<String> hops) {
        if (hops.isEmpty()) return new Walked(peer, 1, null, false);
        int i = hops.size() - 1;
        while (i > 0 && trusted.contains(asJavaPrintsIt(hops.get(i)))) i--;
        return new Walked(hops.get(i), hops.size() - i, null, true); // the peer and the trusted hops after the client's
    }

    /**
     * As X-Forwarded-For, element by element. An element that does not parse, or has no
     * {@code for=}, ends the walk: the client is then the last address a trusted party named
     * (the peer, or the trusted hop after it), never what lies before, which the client may have written.
     */
    private static Walked walkForwarded(String peer, Set<String> trusted, List<ForwardedField.Element> elements) {
        String lastKnown = peer;
        for (int i = elements.size() - 1; ; i--) {
            ForwardedField.Element e = elements.get(i);
            int passed = elements.size() - i;
            if (!e.readable()) return new Walked(lastKnown, passed, null, false);
            if (e.node() == null) return new Walked(lastKnown, passed, e.proto(), false);
            if (i == 0 || !trusted.contains(asJavaPrintsIt(e.node()))) return new Walked(e.node(), passed, e.proto(), true);
            lastKnown = e.node();
        }
    }

    String client() {
        return client;
    }

    /**
     * The scheme the client used to reach the first trusted proxy, when a trusted proxy said it:
     * the {@code proto=} of the client's Forwarded element, else the X-Forwarded-Proto value that
     * proxy added, counted from the end as one per proxy in the chain. When there are fewer
     * values than proxies, some proxy replaced the field instead of adding to it, so every value
     * left is a trusted proxy's, and the first is the one nearest the client.
     */
    Optional<String> proto() {
        if (proxies == 0) return Optional.empty();
        if (clientsProto != null) return Optional.of(clientsProto);
        if (protos.isEmpty()) return Optional.empty();
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
