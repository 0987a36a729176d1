package org.bayard.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bayard.net.testing.FreePorts;

/**
 * A private redis-server for a test, on loopback and a port of its own, with its files in a
 * folder the test gives. Stopped by pid, never by a command another test's server could get.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean appendOnly;
    private final boolean clusterNode;
    /** A cluster node's bus port; 0 for a server on its own. */
    private final int busPort;
    /** Whether it speaks TLS only, with a certificate of its own for 127.0.0.1 ({@link #certificate}). */
    private boolean tls;
    /** With TLS, the certificate and key each client must show (tls-auth-clients yes); null when Redis asks for none. */
    private org.bayard.net.testing.TestCertificates.Pair client;
    /** The port of the master this server is a replica of at its start; 0 for none. */
    private int replicaOf;
    /** For a Redis Sentinel, its configuration file (which it rewrites as it learns); null for a data server. */
    private Path sentinelConfig;
    private Process process;

    private RedisServer(Path dir, int port, boolean appendOnly, boolean clusterNode) throws IOException {
        this.dir = dir;
        this.port = port;
        this.appendOnly = appendOnly;
        this.clusterNode = clusterNode;
        this.busPort = clusterNode ? FreePorts.next() : 0;
    }

    /** Starts a server that keeps nothing on disk. */
    public static RedisServer start(Path dir) throws IOException {
        return start(dir, false);
    }

    /** Starts a server; with {@code appendOnly}, one that logs every write (fsync each second) and replays it at a restart. */
    public static RedisServer start(Path dir, boolean appendOnly) throws IOException {
        RedisServer server = new RedisServer(Files.createDirectories(dir), FreePorts.next(), appendOnly, false);
        server.launch();
        return server;
    }

    /**
     * Starts a server that speaks TLS only (its tls-port; no plain port), with a self-signed
     * certificate for 127.0.0.1 and localhost made by openssl; {@link #settings} trust it.
     */
    public static RedisServer startTls(Path dir) throws IOException {
        RedisServer server = new RedisServer(Files.createDirectories(dir), FreePorts.next(), false, false);
        server.tls = true;
        org.bayard.net.testing.TestCertificates.rsa(dir, "redis");
        server.launch();
        return server;
    }

    /**
     * As {@link #startTls}, asking each client for a certificate that {@code client}'s (self-signed)
     * is the only one it trusts, as Redis does by default (tls-auth-clients yes); {@link #settings} show it.
     */
    public static RedisServer startTlsAskingClients(Path dir, org.bayard.net.testing.TestCertificates.Pair client) throws IOException {
        RedisServer server = new RedisServer(Files.createDirectories(dir), FreePorts.next(), false, false);
        server.tls = true;
        server.client = client;
        org.bayard.net.testing.TestCertificates.rsa(dir, "redis");
        Files.copy(client.certificate(), dir.resolve("clients-ca.pem"));
        server.launch();
        return server;
    }

    /** Starts a replica of {@code master} (replicaof), and waits until it has its first copy of the data. */
    public static RedisServer startReplica(Path dir, RedisServer master) throws IOException {
        RedisServer server = new RedisServer(Files.createDirectories(dir), FreePorts.next(), false, false);
        server.replicaOf = master.port;
        server.launch();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!server.info("replication").contains("master_link_status:up")) {
            if (System.nanoTime() > end) throw new IOException("the replica on port " + server.port + " never reached its master: " + server.log());
            sleep(50);
        }
        return server;
    }

    /**
     * Starts a Redis Sentinel monitoring {@code master} under {@code name}, alone enough to decide a
     * failover (quorum 1) a second after the master stops answering.
     */
    public static RedisServer startSentinel(Path dir, String name, RedisServer master) throws IOException {
        RedisServer server = new RedisServer(Files.createDirectories(dir), FreePorts.next(), false, false);
        server.sentinelConfig = dir.resolve("sentinel.conf");
        Files.writeString(server.sentinelConfig, String.join("\n", "port " + server.port, "bind 127.0.0.1", "daemonize no",
                "dir " + dir, "logfile " + dir.resolve("redis.log"),
                "sentinel monitor " + name + " 127.0.0.1 " + master.port + " 1",
                "sentinel down-after-milliseconds " + name + " 1000",
                "sentinel failover-timeout " + name + " 10000", ""));
        server.launch();
        return server;
    }

    /** What INFO says of {@code section}. */
    public String info(String section) {
        return new String((byte[]) call("INFO", section), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Waits until this master has a replica and every replica has acknowledged all the master had
     * written when this was called (INFO's offsets, acknowledged each second). {@code WAIT} on a
     * connection of its own proves less: its client has written nothing, so it counts the replicas
     * connected, whatever they have copied.
     */
    public void awaitReplicasCopied(Duration limit) throws IOException {
        java.util.regex.Pattern offsets = java.util.regex.Pattern.compile("(?m)^(master_repl_offset:|slave\\d+:.*,offset=)(\\d+)");
        long written = -1;
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            String replication = info("replication");
            java.util.regex.Matcher m = offsets.matcher(replication);
            long slowest = Long.MAX_VALUE;
            int replicas = 0;
            while (m.find()) {
                long offset = Long.parseLong(m.group(2));
                if (m.group(1).startsWith("master")) {
                    if (written < 0) written = offset;
                } else {
                    replicas++;
                    slowest = Math.min(slowest, offset);
                }
            }
            if (replicas > 0 && slowest >= written) return;
            if (System.nanoTime() > end) throw new IOException("the replicas did not copy offset " + written + " within " + limit + ": " + replication);
            sleep(50);
        }
    }

    /** The certificate a TLS server shows, self-signed (PEM). */
    public Path certificate() {
        return dir.resolve("redis-cert.pem"); // as TestCertificates names it
    }

    /**
     * Starts a Redis Cluster of {@code masters} nodes (no replicas), each in a folder of its own
     * under {@code dir}, and waits until it serves every slot. Close every node when done.
     */
    public static List<RedisServer> startCluster(Path dir, int masters) throws IOException, InterruptedException {
        return startCluster(dir, masters, 0);
    }

    /**
     * As {@link #startCluster(Path, int)}, with {@code replicas} replicas of each master, which the
     * cluster promotes a second after their master stops answering (cluster-node-timeout 1000).
     */
    public static List<RedisServer> startCluster(Path dir, int masters, int replicas) throws IOException, InterruptedException {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters * (1 + replicas); i++) {
                RedisServer node = new RedisServer(Files.createDirectories(dir.resolve("node" + i)), FreePorts.next(), false, true);
                nodes.add(node);
                node.launch();
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            for (RedisServer n : nodes) create.add("127.0.0.1:" + n.port);
            create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
            Process p = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(dir.resolve("create.out").toFile()).start();
            if (p.waitFor() != 0) throw new IOException("redis-cli --cluster create failed: " + Files.readString(dir.resolve("create.out")));
            for (RedisServer n : nodes) n.awaitClusterServes(java.time.Duration.ofSeconds(30));
            return nodes;
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (RedisServer n : nodes) n.close();
            throw e;
        }
    }

    private void awaitClusterServes(Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        String info = "";
        while (System.nanoTime() < end) {
            info = new String((byte[]) call("CLUSTER", "INFO"), java.nio.charset.StandardCharsets.US_ASCII);
            if (info.contains("cluster_state:ok")) return;
            sleep(100);
        }
        throw new IOException("the cluster node on port " + port + " did not serve every slot within " + limit + ": " + info);
    }

    public int port() {
        return port;
    }

    public RedisSettings settings() {
        RedisSettings local = RedisSettings.local(port);
        if (!tls) return local;
        java.util.Optional<String> ca = java.util.Optional.of(certificate().toString());
        if (client == null) return local.withTls(new RedisSettings.Tls(true, ca));
        return local.withTls(new RedisSettings.Tls(true, ca, java.util.Optional.of(client.certificate().toString()),
                java.util.Optional.of(client.key().toString())));
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the server again after {@link #kill}, on the same port and folder. */
    public void launch() throws IOException {
        if (sentinelConfig != null) {
            process = new ProcessBuilder("redis-server", sentinelConfig.toString(), "--sentinel").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.out").toFile()).start();
            awaitAnswer(Duration.ofSeconds(20));
            return;
        }
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", tls ? "0" : Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--dir", dir.toString(), "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(appendOnly ? List.of("--appendonly", "yes", "--appendfsync", "everysec") : List.of("--appendonly", "no"));
        if (replicaOf != 0) command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(replicaOf)));
        if (tls) command.addAll(List.of("--tls-port", Integer.toString(port), "--tls-cert-file", certificate().toString(), "--tls-key-file",
                dir.resolve("redis-key.pem").toString(), "--tls-ca-cert-file", (client == null ? certificate() : dir.resolve("clients-ca.pem")).toString(),
                "--tls-auth-clients", client == null ? "no" : "yes"));
        // the cluster bus is at port + 10000 unless told: in the kernel's ephemeral range, which FreePorts keeps clear of
        if (clusterNode) command.addAll(List.of("--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                "--cluster-port", Integer.toString(busPort), "--cluster-node-timeout", "1000"));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        awaitAnswer(Duration.ofSeconds(20));
    }

    private void awaitAnswer(Duration limit) throws IOException {
        long end = System.nanoTime() + limit.toNanos();
        IOException last = null;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) throw new IOException("redis-server ended at start: " + log());
            try (RespConnection c = RespConnection.open(settings())) {
                if ("PONG".equals(c.call(RespConnection.bytes("PING")))) return;
            } catch (IOException e) {
                last = e;
            } catch (RedisError e) {
                last = new IOException(e.getMessage()); // LOADING while it replays its log
            }
            sleep(50);
        }
        throw new IOException("redis-server on port " + port + " did not answer within " + limit + ": " + log(), last);
    }

    /**
     * Sends one command to the server, as redis-cli would: for setting up a case and looking at
     * the keys. Each argument is a String (sent as UTF-8) or a byte[].
     */
    public Object call(Object... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) bytes[i] = args[i] instanceof byte[] b ? b : RespConnection.bytes((String) args[i]);
        try (RespConnection c = RespConnection.open(settings())) {
            return c.call(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, then waits for the end. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP: the server holds its connections and answers nothing. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze}. */
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) throw new IOException("kill -" + name + " " + process.pid() + " exited " + exit);
    }

    /** The server's log file and what it printed, for a failure's message. */
    public String log() {
        try {
            Path log = dir.resolve("redis.log");
            Path out = dir.resolve("redis.out");
            return (Files.exists(log) ? Files.readString(log) : "") + (Files.exists(out) ? Files.readString(out) : "");
        } catch (IOException e) {
            return "(its log could not be read: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process == null) return;
        try {
            kill(); // SIGKILL ends a frozen (SIGSTOP) server too
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
