package org.bayard.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bayard.core.policy.Action;
import org.bayard.core.policy.BayesSymbol;
import org.bayard.core.policy.PolicyParams;
import org.bayard.core.policy.TrainingMinimum;

/**
 * The {@code policy:} section: thresholds, points and what an unsure message gets. Its own
 * class because its checks (the order of the thresholds, the actions an unsure message may get,
 * the attachment endings) are the policy's and nobody else's.
 */
final class PolicySection {
    private PolicySection() {}

    /** The policy the file sets over the defaults, from the section and its points and bayes-points subsections. */
    static PolicyParams read(ConfigSection ps, ConfigSection pts, ConfigSection bpts, ThresholdOrder order) {
        PolicyParams p = PolicyParams.DEFAULTS;
        Map<String, Double> points = new TreeMap<>(p.points());
        for (String k : p.points().keySet()) points.put(k, pts.number(k, p.points().get(k)));
        List<BayesSymbol> bands = new ArrayList<>();
        for (BayesSymbol b : p.bayesBands()) bands.add(new BayesSymbol(b.name(), b.lowerBound(), bpts.number(b.name(), b.points())));
        double reject = ps.number("reject-score", p.rejectScore());
        double hold = ps.number("hold-score", p.holdScore());
        double tag = ps.number("tag-score", p.tagScore());
        // Policy.decide tries reject, then hold, then tag: a threshold above the next one up is never reached
        order.atMost("policy.hold-score", hold, "policy.reject-score", reject,
                "mail at the reject score is rejected before it could be held, so no message would be held for its score");
        order.atMost("policy.tag-score", tag, "policy.hold-score", hold,
                "mail at the hold score is held before it could be tagged, so no message would be tagged for its score");
        return new PolicyParams(reject, hold, tag,
                unsureAction(ps, p.unsureAction()),
                bands, points,
                extensions(ps, List.copyOf(new TreeSet<>(p.executableExtensions()))),
                new TrainingMinimum(ps.integer("bayes-min-ham", (int) p.bayesMinLearned().ham(), 0),
                        ps.integer("bayes-min-spam", (int) p.bayesMinLearned().spam(), 0)));
    }

    /**
     * Only the actions an unsure message can get, named with the key: Action's own error named
     * neither the key nor the choices that work here (it offered reject, which is refused).
     */
    private static Action unsureAction(ConfigSection ps, Action dflt) {
        Optional<String> given = ps.string("unsure-action");
        if (given.isEmpty()) return dflt;
        String refused = ps.origin() + ": policy.unsure-action must be hold, tag or accept, got '" + given.get() + "'";
        try {
            Action action = Action.parse(given.get());
            if (action == Action.REJECT) throw new ConfigException(refused);
            return action;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(refused);
        }
    }

    /**
     * Attachment names are compared in lower case, so the endings are too (".EXE" would never
     * match); an empty ending would match every attachment and hold every message that has one.
     */
    private static Set<String> extensions(ConfigSection ps, List<String> dflt) {
        Set<String> out = new TreeSet<>();
        for (String e : ps.strings("executable-extensions", dflt)) {
            String ext = e.strip().toLowerCase(java.util.Locale.ROOT);
            if (ext.isEmpty()) {
                throw new ConfigException(ps.origin() + ": policy.executable-extensions has an empty entry ('" + e
                        + "'), which would count every attachment as executable");
            }
            out.add(ext);
        }
        return out;
    }
}
