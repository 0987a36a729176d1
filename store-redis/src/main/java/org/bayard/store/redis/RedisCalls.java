package org.bayard.store.redis;

import static org.bayard.store.redis.RespConnection.bytes;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The store's commands, sent through its {@link RedisConnections}, following a Redis Cluster that
 * moves the store's slot from one node to another (resharding). While the slot moves, the node that
 * had it answers {@code ASK} for a key it has handed over already: that command, and only that one,
 * is sent again to the node named, after {@code ASKING}, since the store's other keys may not have
 * moved yet. A script whose keys are split between the two nodes is answered {@code TRYAGAIN} and
 * nothing is done: it is sent again after a pause, for up to the store's timeout. Once the move is
 * over, the old node answers {@code MOVED}, which the connections follow for good.
 */
final class RedisCalls {
    private static final byte[] ASKING = bytes("ASKING");
    /** Error kinds a pipeline is run again for: as a whole, since every key of the store is in one slot. */
    private static final Set<String> RUN_AGAIN = Set.of("MOVED", "READONLY", "TRYAGAIN");
    /**
     * Error kinds that say the store cannot be had for now, as a server down does: a cluster with no
     * master for some slot (while it promotes a replica), a Redis loading its data after a restart.
     */
    private static final Set<String> UNAVAILABLE = Set.of("CLUSTERDOWN", "LOADING", "MASTERDOWN");
    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long LONGEST_PAUSE_MILLIS = 100;

    private final RedisConnections connections;
    /** How long a command split by a move (TRYAGAIN) is asked again before the store counts as unavailable. */
    private final Duration patience;

    RedisCalls(RedisConnections connections, Duration patience) {
        this.connections = connections;
        this.patience = patience;
    }

    /** The replies, in the order of the commands, and the server that gave the last (a scan's cursor means something only there). */
    record Replies(Object[] values, String lastFrom) {
    }

    /** Sends one command and returns its reply; an error reply is thrown as {@link RedisError}. */
    Object call(byte[]... command) {
        return RespConnection.check(pipeline(List.<byte[][]>of(command))[0]);
    }

    /** Sends the commands in one round trip; an error reply is returned among the values, not thrown. */
    Object[] pipeline(List<byte[][]> commands) {
        return exchange(commands, 0).values();
    }

    /**
     * Sends the commands in one round trip, waiting {@code answerMillis} for each reply (0: the
     * store's timeout). MOVED and ASK are followed and TRYAGAIN waited out; CLUSTERDOWN, LOADING
     * and MASTERDOWN make the store unavailable; other error replies are returned among the values.
     */
    Replies exchange(List<byte[][]> commands, int answerMillis) {
        long deadline = System.nanoTime() + patience.toNanos();
        for (long pause = FIRST_PAUSE_MILLIS; ; pause = Math.min(2 * pause, LONGEST_PAUSE_MILLIS)) {
            try {
                return followingAsk(connections.with(c -> send(c, commands, answerMillis, false)), commands, answerMillis);
            } catch (RedisError e) {
                if (UNAVAILABLE.contains(e.kind())) throw connections.unavailable(new IOException(e.getMessage()));
                if (!e.kind().equals("TRYAGAIN")) throw e;
                if (System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw connections.unavailable(new IOException("its slot is moving between cluster nodes, and the keys of a command "
                            + "stayed split between them (TRYAGAIN) for " + patience.toMillis() + " ms"));
                }
                sleep(pause);
            }
        }
    }

    /** The first node's replies, with each ASK replaced by the reply of the node it names, asked after ASKING. */
    private Replies followingAsk(Replies first, List<byte[][]> commands, int answerMillis) {
        Map<RedisConnections.Node, List<Integer>> asked = new LinkedHashMap<>();
        for (int i = 0; i < first.values().length; i++) {
            if (first.values()[i] instanceof RedisError e && e.kind().equals("ASK")) {
                RedisConnections.Node node = connections.namedIn(e);
                if (node != null) asked.computeIfAbsent(node, n -> new ArrayList<>()).add(i);
            }
        }
        if (asked.isEmpty()) return first;
        Object[] values = first.values().clone();
        String lastFrom = first.lastFrom();
        for (Map.Entry<RedisConnections.Node, List<Integer>> there : asked.entrySet()) {
            List<Integer> which = there.getValue();
            List<byte[][]> again = which.stream().map(commands::get).toList();
            Replies answered = connections.at(there.getKey(), c -> send(c, again, answerMillis, true));
            for (int k = 0; k < which.size(); k++) values[which.get(k)] = answered.values()[k];
            if (which.getLast() == values.length - 1) lastFrom = answered.lastFrom();
        }
        return new Replies(values, lastFrom);
    }

    /**
     * Sends the commands (each after ASKING when {@code asking}), reads every reply, and only then
     * throws a redirection among them, so that the connection stays in step.
     */
    private static Replies send(RespConnection c, List<byte[][]> commands, int answerMillis, boolean asking) throws IOException {
        for (byte[][] command : commands) {
            if (asking) c.send(ASKING);
            c.send(command);
        }
        c.flush();
        Object[] values = new Object[commands.size()];
        for (int i = 0; i < values.length; i++) {
            Object askingAnswer = asking ? read(c, answerMillis) : null;
            values[i] = read(c, answerMillis);
            if (askingAnswer instanceof RedisError refused) values[i] = refused;
        }
        for (Object v : values) {
            if (v instanceof RedisError e && (RUN_AGAIN.contains(e.kind()) || UNAVAILABLE.contains(e.kind()))) throw e;
        }
        return new Replies(values, c.peer());
    }

    private static Object read(RespConnection c, int answerMillis) throws IOException {
        return answerMillis > 0 ? c.read(answerMillis) : c.read();
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw connections.unavailable(new java.io.InterruptedIOException("interrupted while its slot moved between cluster nodes"));
        }
    }
}
