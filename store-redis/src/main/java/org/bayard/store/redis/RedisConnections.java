package org.bayard.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import org.bayard.net.tls.TlsClient;

/**
 * The connections of one store to its Redis (or to the node of a Redis Cluster that holds the
 * store's slot): borrowed one per operation, given back when the operation ended in step with the
 * server, closed when it did not. Every failure to reach the
 * server is an {@link UncheckedIOException} naming it, which callers treat as "store unavailable".
 */
final class RedisConnections implements AutoCloseable {
    /** Idle longer than this, a connection is asked PING before use: Redis may have restarted since. */
    private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_IDLE = 64;

    /** MOVED answers followed in a row before giving up: a cluster moving the slot about. */
    private static final int MAX_HOPS = 5;

    private final RedisSettings settings;
    /** Where connections go: the settings' server, until a cluster node names another; with sentinels, null until they are asked. */
    private volatile Node target;
    /**
     * The nodes of the Redis Cluster the store's server is part of, as the first connection's
     * {@code CLUSTER SLOTS} named them (asked again after a MOVED): where to go when the node in the
     * settings is down. Empty for a Redis on its own, or with sentinels; null until asked.
     */
    private volatile java.util.List<Node> clusterNodes;
    /** Who names the master when the settings have sentinels; null when they name it themselves. */
    private final SentinelLookup sentinels;
    private final ConcurrentLinkedDeque<RespConnection> idle = new ConcurrentLinkedDeque<>();
    /** The TLS sockets of the settings, made at the first connection (its CA file read once); null before it and without TLS. */
    private volatile javax.net.ssl.SSLSocketFactory tls;
    private volatile boolean closed;

    RedisConnections(RedisSettings settings) {
        this.settings = settings;
        this.sentinels = settings.sentinels().on() ? new SentinelLookup(settings) : null;
        this.target = sentinels == null ? configured() : null;
    }

    /** The server the settings name (a cluster's node given in address); unused with sentinels. */
    private Node configured() {
        return new Node(settings.host(), settings.port());
    }

    /** A server to connect to. */
    record Node(String host, int port) {
        @Override
        public String toString() {
            return RedisSettings.hostPort(host, port);
        }
    }

    /**
     * The node a {@code MOVED slot host:port} or {@code ASK slot host:port} error names, or null for
     * any other error. An empty host is that of the node asked: the one this store goes to.
     */
    Node namedIn(RedisError e) {
        Node asked = target;
        if (!e.kind().equals("MOVED") && !e.kind().equals("ASK")) return null;
        String[] words = e.getMessage().split(" ");
        if (words.length != 3) return null;
        int colon = words[2].lastIndexOf(':');
        if (colon < 0) return null;
        try {
            String host = words[2].substring(0, colon);
            return new Node(host.isEmpty() && asked != null ? asked.host() : host, Integer.parseInt(words[2].substring(colon + 1)));
        } catch (NumberFormatException bad) {
            return null;
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(RespConnection connection) throws IOException;
    }

    /**
     * Runs {@code work} on a connection of its own. In a Redis Cluster, a node that does not hold
     * the store's slot answers MOVED with the one that does, having done nothing: the work runs
     * again there, and later work goes there directly. With sentinels, a master turned replica by a
     * failover answers a write READONLY, having done nothing: the sentinels are asked again, and the
     * work runs on the master they name now.
     */
    <T> T with(Work<T> work) {
        for (int hop = 0; ; hop++) {
            try {
                return once(work);
            } catch (RedisError e) {
                Node moved = e.kind().equals("MOVED") ? namedIn(e) : null;
                boolean demoted = sentinels != null && e.kind().equals("READONLY");
                if ((moved == null && !demoted) || hop >= MAX_HOPS) throw e;
                target = moved; // null after a demotion: the sentinels are asked at the next connection
                if (moved != null) clusterNodes = null; // the cluster changed: its nodes are asked again
                forgetIdle(); // connections to the node that no longer holds the slot, or is no master now
            }
        }
    }

    /**
     * Runs {@code work} on a connection to {@code node} opened for it alone and closed after: the
     * node an ASK names, asked once while the store's slot moves there; later work still goes to
     * the node that has the slot until the move is over.
     */
    <T> T at(Node node, Work<T> work) {
        try (RespConnection c = RespConnection.open(settings, node.host(), node.port(), tls)) {
            return work.run(c);
        } catch (IOException e) {
            throw unavailable(e, " (its cluster node " + node + ", where the store's slot is moving)");
        }
    }

    private <T> T once(Work<T> work) {
        RespConnection c = borrow();
        boolean inStep = false;
        try {
            T result = work.run(c);
            inStep = true;
            return result;
        } catch (RedisError e) {
            inStep = true; // the server answered; the work read every reply it asked for
            throw e;
        } catch (IOException e) {
            forgetIdle(); // the server went away or stalls: the others are as stale
            throw lost(e); // a failover may be under way: the sentinels, or the node given, say where the store is next
        } finally {
            if (inStep) giveBack(c);
            else c.close();
        }
    }

    private RespConnection borrow() {
        for (;;) {
            RespConnection c = idle.pollFirst();
            if (c == null) break;
            if (c.idleNanos() < CHECK_AFTER_IDLE_NANOS || answersPing(c)) return c;
            c.close();
        }
        try {
            if (tls == null) tls = RespConnection.tlsSockets(settings);
        } catch (IOException e) {
            throw unavailable(e);
        }
        Node node = target;
        boolean named = node == null;
        if (named) node = target = sentinels.master(tls);
        try {
            return connect(node);
        } catch (IOException e) {
            if (sentinels == null) return connectToAnotherClusterNode(node, e);
            if (named) throw lost(e);
        }
        // the master the sentinels named before is gone or a replica now: a failover while this
        // store was idle, which the sentinels know of by now, or soon
        target = null;
        node = target = sentinels.master(tls);
        try {
            return connect(node);
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * The node the store went to is down: in a Redis Cluster, a connection to the first other node
     * of it that answers, whose MOVED then names the node that holds the store's slot now (the
     * replica promoted in place of the node lost, when that was the one in the settings).
     */
    private RespConnection connectToAnotherClusterNode(Node down, IOException why) {
        java.util.List<Node> nodes = clusterNodes;
        if (nodes != null) {
            for (Node other : nodes) {
                if (other.equals(down)) continue;
                try {
                    RespConnection c = connect(other);
                    target = other;
                    return c;
                } catch (IOException alsoDown) {
                    // the next one
                }
            }
        }
        throw lost(why);
    }

    /** A new connection to {@code node}; with sentinels, one that says it is a master. */
    private RespConnection connect(Node node) throws IOException {
        RespConnection c = null;
        try {
            c = RespConnection.open(settings, node.host(), node.port(), tls);
            if (sentinels != null && !SentinelLookup.isMaster(c)) {
                throw new IOException("the sentinels name it, but it is not a master now (a failover under way?)");
            }
            if (sentinels == null && clusterNodes == null) clusterNodes = ClusterNodes.of(c, node);
            RespConnection master = c;
            c = null;
            return master;
        } catch (RedisError e) {
            throw new UncheckedIOException(settings.describe() + " refused the connection: " + e.getMessage(),
                    new IOException(e.getMessage(), e));
        } finally {
            if (c != null) c.close(); // not handed out: a replica's, or one whose ROLE was refused
        }
    }

    /**
     * The server could not be had: said with the node it was. With sentinels, the next connection
     * asks them again; in a Redis Cluster it goes to the node the settings name, which answers MOVED
     * with the one that has the store's slot now: the node it was may be gone for good, its replica
     * promoted in its place.
     */
    private UncheckedIOException lost(IOException e) {
        UncheckedIOException unavailable = unavailable(e);
        target = sentinels != null ? null : configured();
        return unavailable;
    }

    private static boolean answersPing(RespConnection c) {
        try {
            return "PONG".equals(c.call(RespConnection.bytes("PING")));
        } catch (IOException | RedisError e) {
            return false;
        }
    }

    private void giveBack(RespConnection c) {
        if (closed || idle.size() >= MAX_IDLE) {
            c.close();
            return;
        }
        c.markIdle();
        idle.offerFirst(c);
        if (closed) forgetIdle(); // closed meanwhile: close() may have drained before this offer
    }

    private void forgetIdle() {
        for (RespConnection c; (c = idle.pollFirst()) != null; ) c.close();
    }

    UncheckedIOException unavailable(IOException e) {
        Node node = target;
        String which = node == null ? ""
                : sentinels != null ? " (the master at " + node + ")"
                : node.equals(configured()) ? "" : " (its cluster node " + node + ")";
        return unavailable(e, which);
    }

    private UncheckedIOException unavailable(IOException e, String which) {
        String why = RespConnection.isTimeout(e) ? "no answer within " + settings.timeout().toMillis() + " ms"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (TlsClient.certificateWanted(e) || TlsClient.certificateRefused(e)
                || e instanceof RespConnection.HandshakeFailed h && h.endedAtOnce()) {
            why = settings.tls().certFile().isEmpty()
                    ? "it ended the TLS connection at once: does it ask for a client certificate (tls-auth-clients yes, Redis' default)?"
                            + " Set tls-cert-file and tls-key-file (" + why + ")"
                    : "it ended the TLS connection at once: does it trust the client certificate in tls-cert-file (the CA that signs it"
                            + " in Redis' tls-ca-cert-file)? (" + why + ")";
        }
        return new UncheckedIOException(settings.describe() + which + " is unavailable: " + why, e);
    }

    @Override
    public void close() {
        closed = true;
        forgetIdle();
    }
}
