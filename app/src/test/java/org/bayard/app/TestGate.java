package org.bayard.app;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.ConfigLoader;
import org.bayard.app.gate.GateEvents;
import org.bayard.app.gate.GateService;

/** An engine and its SMTP gate on a free loopback port, wired as {@code bayard serve} wires them, in this JVM. */
record TestGate(Engine engine, GateService gate) implements AutoCloseable {

    /**
     * Starts with {@code topYaml}, then an {@code smtp:} section relaying to {@code nextHopPort}
     * and holding in {@code quarantine}, followed by {@code smtpYaml} (indented smtp keys, or "").
     */
    static TestGate start(String topYaml, String smtpYaml, Path db, Path quarantine, int nextHopPort, Clock clock,
                          OutputStream log) throws IOException {
        return start(topYaml, smtpYaml, db, quarantine, nextHopPort, clock, log, GateEvents.NONE);
    }

    /** As above, telling {@code events} what the gate decides and learns. */
    static TestGate start(String topYaml, String smtpYaml, Path db, Path quarantine, int nextHopPort, Clock clock,
                          OutputStream log, GateEvents events) throws IOException {
        return start(topYaml, smtpYaml, db, quarantine, nextHopPort, clock, log, events, null);
    }

    /** As above, on a machine up {@code machineUp} nanoseconds (null: this machine's /proc/uptime), as the ledger aging reads it. */
    static TestGate start(String topYaml, String smtpYaml, Path db, Path quarantine, int nextHopPort, Clock clock,
                          OutputStream log, GateEvents events, java.util.function.LongSupplier machineUp) throws IOException {
        BayardConfig config = ConfigLoader.parse(topYaml + "\nsmtp:\n  next-hop: \"127.0.0.1:" + nextHopPort + "\"\n"
                + "  quarantine: \"" + quarantine + "\"\n" + smtpYaml, "test");
        Engine engine = Engine.open(config, db, AppContextForTests.quiet());
        try {
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
            GateService gate = machineUp == null ? GateService.start(engine, db, quarantine, any, clock, out, events)
                    : GateService.start(engine, db, quarantine, any, clock, out, events, machineUp);
            return new TestGate(engine, gate);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        gate.close();
        engine.close();
    }
}
