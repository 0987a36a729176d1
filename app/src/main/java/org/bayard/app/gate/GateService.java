package org.bayard.app.gate;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.bayard.app.Engine;
import org.bayard.app.config.GateConfig;
import org.bayard.app.config.HostPort;
import org.bayard.smtp.RelayPolicy;
import org.bayard.smtp.SmtpServer;
import org.bayard.smtp.SmtpSettings;

/** {@code bayard serve} as an object: the engine, the quarantine and the SMTP server, started and closed together. */
public final class GateService implements AutoCloseable {
    private final SmtpServer server;
    private final Quarantine quarantine;

    private GateService(SmtpServer server, Quarantine quarantine) {
        this.server = server;
        this.quarantine = quarantine;
    }

    public static Path quarantineDir(GateConfig g, Path db) {
        return g.quarantine().map(Path::of).orElseGet(() -> db.toAbsolutePath().resolveSibling(db.getFileName() + "-quarantine"));
    }

    public static SmtpSettings settings(GateConfig g, Path spillDir) {
        return new SmtpSettings(g.hostname(), HostPort.parse(g.nextHop(), "smtp.next-hop"), g.maxLineLength(), g.maxMessageBytes(),
                g.maxRecipients(), g.maxConnections(), g.maxConnectionsPerClient(), Duration.ofSeconds(g.commandTimeoutSeconds()),
                Duration.ofSeconds(g.nextHopTimeoutSeconds()), g.memoryPerMessage(), spillDir,
                new RelayPolicy(g.relayNetworks(), g.relayDomains()));
    }

    /** Starts listening on {@code listen} (port 0: a free one) with the engine's configuration. */
    public static GateService start(Engine engine, Path quarantineDir, InetSocketAddress listen, Clock clock, PrintStream log)
            throws IOException {
        return start(engine, quarantineDir, listen, clock, log, f -> f);
    }

    /** As above, with the gate wrapped by {@code wrap} (e.g. to count its decisions). */
    public static GateService start(Engine engine, Path quarantineDir, InetSocketAddress listen, Clock clock, PrintStream log,
                                    java.util.function.UnaryOperator<org.bayard.smtp.MessageFilter> wrap) throws IOException {
        Quarantine q = Quarantine.open(quarantineDir);
        SmtpSettings s = settings(engine.config().smtp(), quarantineDir.resolve("tmp"));
        SmtpServer server = SmtpServer.start(s, wrap.apply(new Gate(engine, q, log)), clock, listen);
        return new GateService(server, q);
    }

    public int port() {
        return server.port();
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
