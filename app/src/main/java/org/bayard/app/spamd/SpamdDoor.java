package org.bayard.app.spamd;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.bayard.app.CertificateFiles;
import org.bayard.app.Engine;
import org.bayard.app.UserException;
import org.bayard.app.Version;
import org.bayard.app.config.SpamdConfig;
import org.bayard.app.desk.DeskBackend;
import org.bayard.app.desk.LateWrites;
import org.bayard.app.gate.GateService;
import org.bayard.core.mail.HeaderEditor;
import org.bayard.core.policy.Action;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.Policy;
import org.bayard.core.policy.SpamHeaders;
import org.bayard.core.policy.Symbol;
import org.bayard.core.train.MessageShape;
import org.bayard.net.ListenAddress;
import org.bayard.net.tls.TlsServer;
import org.bayard.spamd.SpamdBackend;
import org.bayard.spamd.SpamdService;
import org.bayard.spamd.SpamdSettings;

/**
 * The spamd door's mail side. A scan is the gate's judgement of the message with no envelope
 * (spamc sends none): the gate's policy as last reloaded, within its scan time, so that
 * {@code Spam: True} is exactly the {@code X-Spam-Flag: YES} the gate writes (tag, hold or reject)
 * and the score and threshold are its {@code X-Spam-Status}'s. TELL learns and forgets as the HTTP
 * API does, and waits as long for the store.
 */
public final class SpamdDoor implements SpamdBackend {
    private final Engine engine;
    private final GateService gate;
    private final DeskBackend learning;

    SpamdDoor(Engine engine, GateService gate, Clock clock, LateWrites late) {
        this.engine = engine;
        this.gate = gate;
        this.learning = new DeskBackend(engine, gate, clock, late);
    }

    /**
     * The certificate and key spamd.tls-cert-file and spamd.tls-key-file name, read from their files
     * (a ConfigException saying what is wrong with them); empty for plain TCP.
     */
    public static Optional<TlsServer.Identity> certificate(SpamdConfig config) {
        return CertificateFiles.read(config.tlsCertFile(), config.tlsKeyFile(), "spamd.tls-cert-file", "spamd.tls-key-file");
    }

    /**
     * Listens where {@code config} says, over TLS with {@code tls} when given; a listen that fails
     * is the user's to fix, and says how.
     */
    public static SpamdService start(SpamdConfig config, Optional<TlsServer.Identity> tls, Duration drain, Engine engine,
                                     GateService gate, Clock clock, LateWrites late, PrintStream log) {
        SpamdSettings plain = new SpamdSettings(config.address(), config.maxConnections(),
                config.allowTell(), SpamdSettings.READ_TIMEOUT, SpamdSettings.REQUEST_TIME, drain);
        SpamdSettings settings = tls.map(id -> plain.withTls(id.context())).orElse(plain);
        try {
            return SpamdService.start(settings, new SpamdDoor(engine, gate, clock, late), log);
        } catch (IOException e) {
            boolean privileged = settings.listen() instanceof ListenAddress.Tcp tcp && tcp.address().getPort() > 0 && tcp.address().getPort() < 1024;
            throw new UserException("spamd.listen " + config.listen() + ": cannot listen there: " + e.getMessage()
                    + (privileged ? " (a port below 1024 needs root or CAP_NET_BIND_SERVICE: give the service"
                    + " AmbientCapabilities=CAP_NET_BIND_SERVICE, or listen above 1024 and run spamc -p PORT)" : ""));
        }
    }

    @Override
    public Scan scan(byte[] message) {
        Policy policy = gate.policy();
        Decision d = gate.decideInTime(policy, message);
        double required = policy.params().holdScore();
        List<Rule> rules = d.symbols().stream().map(SpamdDoor::rule).toList();
        List<Field> fields = SpamHeaders.of(d, required, 0, Version.NUMBER).stream().map(f -> new Field(f.name(), f.value())).toList();
        return new Scan(d.action() != Action.ACCEPT, d.score(), required, rules, fields);
    }

    private static Rule rule(Symbol s) {
        return new Rule(s.name(), s.points(), s.detail());
    }

    @Override
    public long scannedBytes() {
        return engine.config().limits().maxScanBytes();
    }

    @Override
    public byte[] marked(byte[] message, Scan scan) {
        List<HeaderEditor.Field> fields = scan.fields().stream().map(f -> new HeaderEditor.Field(f.name(), f.value())).toList();
        return HeaderEditor.rewrite(message, SpamHeaders.REPLACED, fields);
    }

    @Override
    public Told tell(byte[] message, String mailClass, boolean set, boolean remove) throws Unavailable, Refused {
        // what bayard learn and train refuse: an empty file, a page of binary noise
        Optional<String> notMail = MessageShape.problem(message);
        if (notMail.isPresent()) throw new Refused("not a mail message (" + notMail.get() + ")");
        try {
            // learned or relearned, or taken out: spamc says "already learned" when the store did not change
            if (set) return new Told(learning.learn(message, mailClass, "api").changed(), false);
            if (remove) return new Told(false, learning.unlearn(message, Optional.empty()).changed());
            return new Told(false, false);
        } catch (UncheckedIOException e) {
            throw new Unavailable(e.getCause().getMessage());
        }
    }
}
