package org.bayard.app.milter;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import org.bayard.app.UserException;
import org.bayard.app.config.GateConfig;
import org.bayard.app.config.MilterConfig;
import org.bayard.app.gate.GateService;
import org.bayard.milter.MilterServer;
import org.bayard.milter.MilterSettings;

/**
 * Starts the milter door over the gate: the gate's filter decides each message, with the gate's
 * limits (smtp.max-message-bytes, smtp.memory-per-message) and its spill folder.
 */
public final class MilterDoor {
    private MilterDoor() {}

    /** Listens where {@code config} says; a listen that fails is the user's to fix, and says so. */
    public static MilterServer start(MilterConfig config, GateConfig smtp, Duration drain, GateService gate, Clock clock, PrintStream log) {
        MilterSettings settings = new MilterSettings(config.address(), config.maxConnections(),
                smtp.maxMessageBytes(), smtp.memoryPerMessage(), gate.spillDir(), MilterSettings.IDLE_TIMEOUT, drain);
        try {
            return MilterServer.start(settings, gate.filter(), clock, log);
        } catch (IOException e) {
            throw new UserException("milter.listen " + config.listen() + ": cannot listen there: " + e.getMessage());
        }
    }
}
