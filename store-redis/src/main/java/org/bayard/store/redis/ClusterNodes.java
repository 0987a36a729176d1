package org.bayard.store.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The nodes of a Redis Cluster as one of them names them ({@code CLUSTER SLOTS}: each range of
 * slots with its master and replicas), so that a store whose configured node is down can ask
 * another. A Redis on its own refuses the command (cluster support disabled), as may an ACL that
 * does not allow it: then there are none.
 */
final class ClusterNodes {
    private ClusterNodes() {}

    /** The nodes {@code asked} (on {@code c}) names, itself included; empty when it is no cluster node or will not say. */
    static List<RedisConnections.Node> of(RespConnection c, RedisConnections.Node asked) throws IOException {
        Object reply;
        try {
            reply = c.call(RespConnection.bytes("CLUSTER"), RespConnection.bytes("SLOTS"));
        } catch (RedisError notACluster) {
            return List.of();
        }
        Set<RedisConnections.Node> nodes = new LinkedHashSet<>();
        nodes.add(asked);
        if (reply instanceof List<?> ranges) {
            for (Object range : ranges) {
                if (!(range instanceof List<?> parts)) continue;
                for (Object node : parts.subList(Math.min(2, parts.size()), parts.size())) {
                    RedisConnections.Node named = named(node, asked);
                    if (named != null) nodes.add(named);
                }
            }
        }
        return List.copyOf(nodes);
    }

    /**
     * One node of a range: its endpoint and port. No endpoint (nil or empty) means the one asked;
     * {@code ?}, one the node does not know, is left out.
     */
    private static RedisConnections.Node named(Object node, RedisConnections.Node asked) {
        if (!(node instanceof List<?> fields) || fields.size() < 2 || !(fields.get(1) instanceof Long port)) return null;
        String host = fields.get(0) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "";
        if (host.equals("?") || port <= 0 || port > 65535) return null;
        return new RedisConnections.Node(host.isEmpty() ? asked.host() : host, port.intValue());
    }
}
