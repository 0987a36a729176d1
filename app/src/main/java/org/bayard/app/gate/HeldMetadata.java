package org.bayard.app.gate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bayard.core.classify.Clue;
import org.bayard.core.mail.HeaderEditor;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.Symbol;
import org.bayard.smtp.Envelope;

/**
 * What a held item's sidecar says of it: its envelope, the decision that held it and the fields
 * a release delivers it with. Apart from the {@link Quarantine}, which only writes and reads the
 * sidecar, so that what the moderation page, the CLI and a release read is written in one place.
 */
final class HeldMetadata {
    private HeldMetadata() {}

    static Map<String, Object> of(Envelope env, Decision d, List<HeaderEditor.Field> releaseFields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("queue_id", env.queueId());
        m.put("received", env.received().toString());
        m.put("client", env.client().getHostAddress());
        m.put("helo", env.helo());
        m.put("from", env.reversePath());
        m.put("rcpt", env.relayedRecipients());
        // kept so that a release asks the next hop for the notices the sender asked for
        if (!env.dsnMail().isEmpty()) m.put("dsn_mail", env.dsnMail());
        if (!env.dsnRecipients().isEmpty()) m.put("dsn_rcpt", new TreeMap<>(env.dsnRecipients()));
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
        m.put(ReleasedHead.FIELDS_KEY, ReleasedHead.kept(releaseFields));
        return m;
    }
}
