package org.bayard.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reply shapes: Rspamd's {@code /checkv2} JSON and our own {@code /api/check}. */
final class Rspamd {
    private Rspamd() {}

    /**
     * Our actions in Rspamd's words; a hold is "add header" with the milter told to quarantine. Mail
     * only for traps is "discard": the gate takes it (250) and delivers it to no one. A blocklisted
     * sender is refused as the gate refuses it at RCPT; bypass mail passes as it came.
     */
    static String action(String ours) {
        return switch (ours) {
            case "reject", "blocklisted" -> "reject";
            case "tag", "hold" -> "add header";
            case "trap" -> "discard";
            default -> "no action";
        };
    }

    static Map<String, Object> reply(Backend.CheckResult c, String queueId) {
        Map<String, Object> m = new LinkedHashMap<>();
        // Rspamd's word for mail it let through unscanned, which is what the bypass list asks for
        m.put("is_skipped", c.action().equals("bypass"));
        m.put("score", round(c.score()));
        m.put("required_score", round(c.requiredScore()));
        m.put("action", action(c.action()));
        Map<String, Object> symbols = new LinkedHashMap<>();
        for (Backend.SymbolHit s : c.symbols()) {
            Map<String, Object> sym = new LinkedHashMap<>();
            sym.put("name", s.name());
            sym.put("score", round(s.score()));
            sym.put("options", s.detail() == null || s.detail().isEmpty() ? List.of() : List.of(s.detail()));
            symbols.put(s.name(), sym);
        }
        m.put("symbols", symbols);
        m.put("urls", List.of());
        m.put("emails", List.of());
        m.put("message-id", messageId(c.messageId()));
        if (queueId != null && queueId.length() <= 128) m.put("queue-id", queueId);
        m.put("messages", Map.of());
        Map<String, Object> milter = new LinkedHashMap<>();
        if (c.action().equals("tag") || c.action().equals("hold")) {
            milter.put("add_headers", Map.of("X-Spam", Map.of("value", "Yes", "order", 0)));
        }
        if (c.action().equals("hold")) milter.put("reject", "quarantine");
        if (!milter.isEmpty()) m.put("milter", milter);
        return m;
    }

    static Map<String, Object> check(Backend.CheckResult c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", c.action());
        m.put("score", round(c.score()));
        m.put("verdict", c.verdict());
        m.put("probability", c.probability());
        m.put("bayes_used", c.bayesNotUsed() == null);
        if (c.bayesNotUsed() != null) m.put("bayes_not_used", c.bayesNotUsed());
        List<Map<String, Object>> symbols = new ArrayList<>();
        for (Backend.SymbolHit s : c.symbols()) symbols.add(Map.of("name", s.name(), "score", round(s.score()), "detail", s.detail()));
        m.put("symbols", symbols);
        m.put("clues", c.clues());
        m.put("hold_score", c.holdScore());
        m.put("reject_score", c.requiredScore());
        return m;
    }

    /**
     * The Message-ID as Rspamd gives it, so that it matches Rspamd's history and logs: without the
     * angle brackets around it, each character that is not printable ASCII (a space, a control
     * character) as '?', and "undef" for none.
     */
    static String messageId(String field) {
        if (field == null) return "undef";
        String s = field.strip();
        if (s.startsWith("<")) s = s.substring(1);
        if (s.endsWith(">")) s = s.substring(0, s.length() - 1);
        if (s.isEmpty()) return "undef";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            b.append(ch > 0x20 && ch < 0x7f ? ch : '?');
        }
        return b.toString();
    }

    static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
