package org.bayard.app.gate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.bayard.app.config.BayardConfig;
import org.bayard.app.config.GateConfig;
import org.bayard.core.policy.Policy;
import org.bayard.core.train.Autolearn;

/**
 * Everything the gate decides with that comes from the configuration, as one value, so a reload
 * swaps it whole: a message is judged by the old rules or the new ones, never a mixture.
 */
record GateRules(BayardConfig config, Policy policy, Autolearn autolearn, BypassList bypass, Set<String> spamTraps,
                 Set<String> hamTraps, Duration blocklistTime, Harvest harvest, Optional<UnsureDelay> unsureDelay) {

    static GateRules of(BayardConfig config, Path db, Clock clock) {
        GateConfig g = config.smtp();
        Path harvestDir = g.harvestDir().map(Path::of)
                .orElseGet(() -> db.toAbsolutePath().resolveSibling(db.getFileName() + "-harvest"));
        return new GateRules(config, new Policy(config.policy(), config.limits()), new Autolearn(config.autolearn()),
                new BypassList(g.bypassFile().map(Path::of)), Set.copyOf(g.spamTraps()), Set.copyOf(g.hamTraps()),
                g.blocklistHours() == 0 ? Duration.ZERO : Blocklist.hours(g.blocklistHours()), // at least a second, never rounded to none
                new Harvest(g.harvest(), harvestDir, g.harvestFlagFile().map(Path::of), g.minFreeMb()),
                g.unsureDelaySeconds() == 0 ? Optional.empty()
                        : Optional.of(new UnsureDelay(Duration.ofSeconds(g.unsureDelaySeconds()), clock)));
    }

    boolean trap(String recipient) {
        String r = recipient.toLowerCase(java.util.Locale.ROOT);
        return spamTraps.contains(r) || hamTraps.contains(r);
    }

    /** The traps among these recipients. */
    SiteDecision.Trap traps(java.util.Collection<String> recipients) {
        boolean spam = false;
        boolean ham = false;
        for (String rcpt : recipients) {
            String l = rcpt.toLowerCase(java.util.Locale.ROOT);
            spam |= spamTraps.contains(l);
            ham |= hamTraps.contains(l);
        }
        if (spam && ham) return SiteDecision.Trap.BOTH;
        return spam ? SiteDecision.Trap.SPAM : ham ? SiteDecision.Trap.HAM : SiteDecision.Trap.NONE;
    }
}
