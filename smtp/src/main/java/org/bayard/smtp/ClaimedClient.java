package org.bayard.smtp;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who the client says it is: the name its EHLO or HELO gave and, from a trusted Postfix in front,
 * the XFORWARD attributes naming the real client behind it, kept until the next EHLO. It exists so
 * that every verb judges the same client, the forwarded one where there is one, and the session
 * keeps only the state machine's own state.
 */
final class ClaimedClient {
    private final InetAddress peer;
    private String helo = "";
    private Map<String, String> forwarded = Map.of();

    /** {@code peer} is the connection's own client: the one judged when nothing is forwarded. */
    ClaimedClient(InetAddress peer) {
        this.peer = peer;
    }

    /** EHLO or HELO named {@code helo}: what an earlier XFORWARD said is forgotten with the old greeting. */
    void greeted(String helo) {
        this.helo = helo;
        forwarded = Map.of();
    }

    /** XFORWARD's attributes, added to those given before (a later value for a name wins). */
    void forward(Map<String, String> attrs) {
        Map<String, String> merged = new LinkedHashMap<>(forwarded);
        merged.putAll(attrs);
        forwarded = Map.copyOf(merged);
    }

    /** The XFORWARD attributes given since the last greeting, for the next hop. */
    Map<String, String> forwarded() {
        return forwarded;
    }

    /** The client the filter judges: the one Postfix forwarded, else the peer itself. */
    InetAddress judged() {
        return Xforward.address(forwarded).orElse(peer);
    }

    /** The HELO name the filter sees: the forwarded client's, else the one given here. */
    String heloName() {
        return forwarded.getOrDefault("HELO", helo);
    }
}
