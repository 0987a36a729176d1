package org.bayard.app.desk;

import java.util.ArrayList;
import java.util.List;
import org.bayard.app.gate.SiteDecision;
import org.bayard.http.Backend.SymbolHit;

/**
 * A check's report of what the gate's lists decided, as zero-point symbols (the way Rspamd
 * reports facts that carry no score), and the action word the gate's log and metrics use for it.
 */
final class SiteSymbols {
    private SiteSymbols() {}

    static final String NOT_LEARNED = "not learned: a check is read-only (the gate learns trap mail)";

    static String action(SiteDecision.Route route) {
        return switch (route) {
            case TRAPS_ONLY -> "trap";
            case BYPASS -> "bypass";
            case BLOCKLISTED -> "blocklisted";
            case FILTER -> throw new IllegalArgumentException("a filtered message's action is the policy's");
        };
    }

    static List<SymbolHit> of(SiteDecision site, EnvelopeHeaders envelope) {
        List<SymbolHit> out = new ArrayList<>();
        switch (site.route()) {
            case BLOCKLISTED -> out.add(new SymbolHit("BLOCKLISTED", 0, SiteDecision.BLOCKED_TEXT + " (" + envelope.client().orElse("")
                    + " <" + envelope.sender().orElse("") + ">)"));
            case BYPASS -> out.add(new SymbolHit("BYPASS", 0, "every recipient is on the bypass list: passed unfiltered"));
            case TRAPS_ONLY, FILTER -> { }
        }
        String both = "not learned: sent to a spam trap and a ham trap";
        switch (site.trap()) {
            case SPAM -> out.add(new SymbolHit("SPAM_TRAP", 0, NOT_LEARNED));
            case HAM -> out.add(new SymbolHit("HAM_TRAP", 0, NOT_LEARNED));
            case BOTH -> {
                out.add(new SymbolHit("SPAM_TRAP", 0, both));
                out.add(new SymbolHit("HAM_TRAP", 0, both));
            }
            case NONE -> { }
        }
        return out;
    }
}
