package org.bayard.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where the master is, as Redis Sentinel says, the way Redis' guidelines for Sentinel clients ask:
 * the sentinels are asked in turn for the master's address by its name, the first to answer is
 * asked first the next time, and the server found must say it is a master ({@code ROLE}) before
 * it is used: a sentinel that has not yet seen a failover names the old one.
 */
final class SentinelLookup {
    private final RedisSettings settings;
    /** The sentinels in the order they are asked: the last one that answered first. */
    private volatile List<InetSocketAddress> order;

    SentinelLookup(RedisSettings settings) {
        this.settings = settings;
        this.order = settings.sentinels().addresses();
    }

    /**
     * The master's host and port as the first sentinel that answers names them; an
     * UncheckedIOException saying why when none does, or none knows the name.
     */
    RedisConnections.Node master(SSLSocketFactory tls) {
        List<String> failures = new ArrayList<>();
        List<InetSocketAddress> asked = order;
        for (InetSocketAddress sentinel : asked) {
            String where = RedisSettings.hostPort(sentinel.getHostString(), sentinel.getPort());
            try (RespConnection c = RespConnection.openSentinel(settings, sentinel.getHostString(), sentinel.getPort(), tls)) {
                Object reply = c.call(RespConnection.bytes("SENTINEL"), RespConnection.bytes("get-master-addr-by-name"),
                        RespConnection.bytes(settings.sentinels().master()));
                if (!(reply instanceof List<?> hostPort) || hostPort.size() != 2) {
                    failures.add(where + " knows no master named " + settings.sentinels().master());
                    continue;
                }
                firstFromNowOn(sentinel, asked);
                return new RedisConnections.Node(text(hostPort.get(0)), Integer.parseInt(text(hostPort.get(1))));
            } catch (IOException e) {
                failures.add(where + " (" + (RespConnection.isTimeout(e) ? "no answer within " + settings.timeout().toMillis() + " ms"
                        : String.valueOf(e.getMessage())) + ")");
            } catch (RedisError | NumberFormatException e) {
                failures.add(where + " (" + e.getMessage() + ")");
            }
        }
        throw new UncheckedIOException(settings.describe() + " is unavailable: no sentinel named the master: " + String.join("; ", failures),
                new IOException("no sentinel named the master"));
    }

    /**
     * Whether the server on {@code c} is a master: after a failover the old master comes back as a
     * replica, and a sentinel that has not caught up names it still.
     */
    static boolean isMaster(RespConnection c) throws IOException {
        Object role = c.call(RespConnection.bytes("ROLE"));
        return role instanceof List<?> parts && !parts.isEmpty() && "master".equals(text(parts.getFirst()));
    }

    private void firstFromNowOn(InetSocketAddress sentinel, List<InetSocketAddress> asked) {
        if (asked.getFirst().equals(sentinel)) return;
        List<InetSocketAddress> next = new ArrayList<>(asked);
        next.remove(sentinel);
        next.addFirst(sentinel);
        order = List.copyOf(next);
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
    }
}
