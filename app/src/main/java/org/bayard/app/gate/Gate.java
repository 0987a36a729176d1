package org.bayard.app.gate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bayard.app.Engine;
import org.bayard.app.Version;
import org.bayard.core.classify.Clue;
import org.bayard.core.classify.Score;
import org.bayard.core.mail.HeaderEditor;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.Policy;
import org.bayard.core.policy.SpamHeaders;
import org.bayard.core.policy.Symbol;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.FilterResult;
import org.bayard.smtp.MessageFilter;
import org.bayard.smtp.Reply;
import org.bayard.smtp.SpooledMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy side of {@code bayard serve}: scores each message, runs the policy chain, and turns
 * the decision into what the SMTP session does. Reject: 550 5.7.1. Hold: into the quarantine,
 * durably, before the session may answer 250. Accept or tag: relay with our headers. A store
 * that cannot be read makes Bayes neutral (and says so in a header); it never refuses mail.
 * Writes one JSON decision line per message.
 */
public final class Gate implements MessageFilter {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_HEADER_SEARCH = 1 << 20;

    private final Engine engine;
    private final Policy policy;
    private final Quarantine quarantine;
    private final PrintStream log;

    public Gate(Engine engine, Quarantine quarantine, PrintStream log) {
        this.engine = engine;
        this.policy = new Policy(engine.config().policy(), engine.config().limits());
        this.quarantine = quarantine;
        this.log = log;
    }

    @Override
    public FilterResult filter(Envelope env, SpooledMessage message) throws IOException {
        byte[] scan = message.head((int) Math.min(Integer.MAX_VALUE - 16, engine.config().limits().maxScanBytes()));
        Optional<Score> bayes;
        try {
            bayes = Optional.of(engine.score(scan, true));
        } catch (RuntimeException e) {
            bayes = Optional.empty(); // the store failed: Bayes counts as neutral, the header says so
        }
        Decision d = policy.decide(scan, bayes);
        return switch (d.action()) {
            case REJECT -> new FilterResult.Refuse(Reply.of(550, String.format(Locale.ROOT,
                    "5.7.1 message refused as spam (score %.1f)", d.score())), describe(d));
            case HOLD -> {
                quarantine.hold(env, message, d);
                yield new FilterResult.Held(describe(d));
            }
            case ACCEPT, TAG -> relay(message, d, scan);
        };
    }

    private FilterResult relay(SpooledMessage message, Decision d, byte[] scan) throws IOException {
        List<HeaderEditor.Field> fields = SpamHeaders.of(d, policy.params().holdScore(), 0, Version.NUMBER);
        byte[] head = scan.length == message.size() ? scan : message.head(MAX_HEADER_SEARCH);
        int end = headerEnd(head);
        if (end < 0 && head.length < message.size()) {
            // a header block longer than we search: put our fields first rather than read it all
            StringBuilder b = new StringBuilder();
            for (HeaderEditor.Field f : fields) b.append(f.name()).append(": ").append(f.value()).append("\r\n");
            return new FilterResult.Relay(b.toString().getBytes(StandardCharsets.US_ASCII), 0, describe(d));
        }
        int prefix = end < 0 ? head.length : end;
        byte[] rewritten = HeaderEditor.rewrite(java.util.Arrays.copyOf(head, prefix), SpamHeaders.OWN, fields);
        return new FilterResult.Relay(rewritten, prefix, describe(d));
    }

    /** Index just past the blank line that ends the header block, or -1. */
    static int headerEnd(byte[] m) {
        if (m.length >= 2 && m[0] == '\r' && m[1] == '\n') return 2;
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') return i + 4;
        }
        return -1;
    }

    static String describe(Decision d) {
        return d.action().label() + " " + String.format(Locale.ROOT, "%.1f", d.score()) + " " + d.symbolNames() + " (" + d.reason() + ")";
    }

    @Override
    public void finished(Envelope env, FilterResult result, Reply reply, long nanos) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "message");
        line.put("queue_id", env.queueId());
        line.put("client", env.client().getHostAddress());
        line.put("helo", env.helo());
        line.put("from", env.reversePath());
        line.put("rcpt", env.recipients());
        String note = switch (result) {
            case FilterResult.Relay r -> r.note();
            case FilterResult.Held h -> h.where();
            case FilterResult.Consumed c -> c.note();
            case FilterResult.Refuse r -> r.note();
        };
        line.put("decision", note);
        line.put("reply", reply.toString());
        line.put("ms", Math.round(nanos / 1e5) / 10.0);
        synchronized (log) {
            log.println(JSON.writeValueAsString(line));
        }
    }

    static Map<String, Object> metadata(Envelope env, Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue_id", env.queueId());
        m.put("received", env.received().toString());
        m.put("client", env.client().getHostAddress());
        m.put("helo", env.helo());
        m.put("from", env.reversePath());
        m.put("rcpt", env.recipients());
        m.put("action", d.action().label());
        m.put("score", d.score());
        m.put("reason", d.reason());
        List<Map<String, Object>> symbols = new ArrayList<>();
        for (Symbol s : d.symbols()) symbols.add(Map.of("name", s.name(), "points", s.points(), "detail", s.detail()));
        m.put("symbols", symbols);
        if (d.bayes().isPresent()) {
            m.put("probability", d.bayes().get().probability());
            List<String> clues = new ArrayList<>();
            for (Clue c : d.bayes().get().topClues(10)) clues.add(String.format(Locale.ROOT, "%s %.3f", c.name(), c.probability()));
            m.put("clues", clues);
        }
        return m;
    }
}
