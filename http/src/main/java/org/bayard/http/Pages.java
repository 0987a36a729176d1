package org.bayard.http;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The moderation page, rendered on the server. Every piece of mail data goes through {@link #h}
 * (text only, never markup); scripts come only from {@code /static/app.js} (the page's CSP allows
 * no inline script). A message's HTML body is shown only in a sandboxed iframe served with
 * {@link #BODY_CSP}, and only when asked for; the default view is its plain text.
 */
final class Pages {
    static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String BODY_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
            + "form-action 'none'; base-uri 'none'; sandbox";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] COLOURS = {"#3b7d3b", "#c9a227", "#3a6ea5", "#b03a2e", "#888888"};

    private final Metrics metrics;

    Pages(Metrics metrics) {
        this.metrics = metrics;
    }

    /**
     * HTML-escapes text for element content and quoted attribute values. Control characters and
     * the bidi embedding, override and isolate controls show as U+FFFD: obeyed, an override in a
     * subject or an attachment name turns what the moderator reads around ("invoice", U+202E,
     * "gpj.exe" reads "invoiceexe.jpg").
     */
    static String h(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r' || isBidiControl(c)) b.append('\uFFFD');
                    else b.append(c);
                }
            }
        }
        return b.toString();
    }

    /** LRE, RLE, PDF, LRO, RLO (U+202A to U+202E) and LRI, RLI, FSI, PDI (U+2066 to U+2069). */
    private static boolean isBidiControl(char c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
    }

    static String head(String title) {
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + h(title) + " - Bayard</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"stylesheet\" href=\"/static/app.css\"><script src=\"/static/app.js\" defer></script></head>";
    }

    static String nav(Principal who, String csrf, String here) {
        return "<header><strong>Bayard</strong> <nav><a href=\"/ui/queue\"" + (here.equals("queue") ? " class=\"here\"" : "") + ">Queue</a> "
                + "<a href=\"/ui/dashboard\"" + (here.equals("dashboard") ? " class=\"here\"" : "") + ">Dashboard</a></nav>"
                + "<span class=\"who\">" + h(who.user()) + " (" + who.role().name().toLowerCase(Locale.ROOT) + ")" + scope(who.scope()) + "</span>"
                + "<form method=\"post\" action=\"/logout\" class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"" + h(csrf) + "\">"
                + "<button type=\"submit\">Log out</button></form></header>";
    }

    /** A scoped account's lists and domains, the first few shown and all of them in the tooltip; nothing for an unscoped one. */
    private static String scope(Scope scope) {
        if (scope.everything()) return "";
        List<String> e = scope.entries();
        String shown = String.join(", ", e.subList(0, Math.min(3, e.size()))) + (e.size() > 3 ? " and " + (e.size() - 3) + " more" : "");
        return " <span class=\"scope\" id=\"scope\" title=\"" + h("Held mail for " + String.join(", ", e)) + "\">for " + h(shown) + "</span>";
    }

    /** {@code next}: the desk page to go back to after logging in ({@link AfterLogin#page}). */
    String login(String problem, String next) {
        return head("Log in") + "<body class=\"login\"><main><h1>Bayard moderation</h1>"
                + (problem == null ? "" : "<p class=\"error\" role=\"alert\">" + h(problem) + "</p>")
                + "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"next\" value=\"" + h(next) + "\"><label>User <input name=\"user\" id=\"user\" autocomplete=\"username\" required autofocus></label>"
                + "<label>Password <input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\" required></label>"
                + "<button type=\"submit\" id=\"login\">Log in</button></form></main></body></html>";
    }

    String error(int status, String message) {
        return head("Error") + "<body><main><h1>" + status + "</h1><p class=\"error\">" + h(message) + "</p>"
                + (status == 401 ? "<p><a id=\"relogin\" href=\"/login\">Log in</a></p>" : "<p><a href=\"/ui/queue\">Back to the queue</a></p>")
                + "</main></body></html>";
    }

    /** {@code inDoubt}: who released it in a release cut off after sending it (see {@link Backend#releaseInDoubt}). */
    String message(Principal who, String csrf, Backend.HeldView v, Optional<String> inDoubt, boolean showHtml) {
        Backend.Held m = v.summary();
        String id = h(m.id());
        StringBuilder b = new StringBuilder(head("Message"));
        b.append("<body data-page=\"message\">").append(nav(who, csrf, "message")).append("<main>");
        b.append("<h1 id=\"subject\">").append(h(m.subject().isEmpty() ? "(no subject)" : m.subject())).append("</h1>");
        if (who.role() == Role.ADMIN) {
            b.append("<form method=\"post\" action=\"/ui/action\" class=\"actions\"><input type=\"hidden\" name=\"csrf\" value=\"")
                    .append(h(csrf)).append("\"><input type=\"hidden\" name=\"id\" value=\"").append(id).append("\">")
                    .append("<button name=\"action\" value=\"learn-ham\" id=\"release\">Release as ham (r)</button> ")
                    .append("<button name=\"action\" value=\"learn-spam\" id=\"discard\">Discard as spam (d)</button> ")
                    .append("<a href=\"/ui/queue\">Back to the queue (u)</a></form>");
        }
        if (inDoubt.isPresent()) {
            // the ordinary release is refused for it; the way on is a separate, plainly named form, never a key
            b.append("<div class=\"doubt\" id=\"in-doubt\" role=\"alert\"><p>An earlier release (").append(h(inDoubt.get()))
                    .append(") was cut off after it sent this message and before the next hop's answer, so the next hop may have"
                            + " delivered it already. Look for it in the next hop's log: discard it if it was delivered.</p>");
            if (who.role() == Role.ADMIN) {
                b.append("<form method=\"post\" action=\"/ui/action\"><input type=\"hidden\" name=\"csrf\" value=\"")
                        .append(h(csrf)).append("\"><input type=\"hidden\" name=\"id\" value=\"").append(id)
                        .append("\"><input type=\"hidden\" name=\"force\" value=\"1\">")
                        .append("<button name=\"action\" value=\"learn-ham\" id=\"force-release\">Release as ham anyway"
                                + " (it may reach its recipients twice)</button></form>");
            }
            b.append("</div>");
        }
        b.append("<dl class=\"env\"><dt>Received</dt><dd>").append(TIME.format(m.received())).append(" UTC</dd><dt>Sender</dt><dd>")
                .append(h(m.from())).append("</dd><dt>Recipients</dt><dd>").append(h(String.join(", ", m.rcpt())))
                .append("</dd><dt>Client</dt><dd>").append(h(v.client())).append(" (HELO ").append(h(v.helo())).append(")</dd>")
                .append("<dt>Score</dt><dd>").append(String.format(Locale.ROOT, "%.1f", m.score())).append(" — ").append(h(m.reason()))
                .append("</dd></dl>");
        b.append("<h2>Symbols</h2><ul class=\"symbols\">");
        for (Backend.SymbolHit s : v.symbols()) {
            b.append("<li><code>").append(h(s.name())).append("</code> ").append(String.format(Locale.ROOT, "%+.1f", s.score()))
                    .append(" ").append(h(s.detail())).append("</li>");
        }
        b.append("</ul><h2>Clues</h2><ul class=\"clues\">");
        for (String c : v.clues()) b.append("<li><code>").append(h(c)).append("</code></li>");
        b.append("</ul>");
        if (!v.attachments().isEmpty() || v.attachmentsNotListed() > 0) {
            b.append("<h2>Attachments</h2><ul class=\"attachments\">");
            for (String a : v.attachments()) b.append("<li class=\"name\">").append(h(a)).append("</li>");
            if (v.attachmentsNotListed() > 0) {
                // a cut list read as the whole one: say that it is not
                b.append("<li class=\"more\" id=\"attachments-more\">and ").append(v.attachmentsNotListed()).append(" more not listed</li>");
            }
            b.append("</ul>");
        }
        b.append("<h2>Body</h2><p class=\"views\">");
        if (v.html().isPresent()) {
            b.append(showHtml ? "<a href=\"/ui/message/" + id + "\">Plain text</a> | <strong>HTML (sandboxed, no remote content)</strong>"
                    : "<strong>Plain text</strong> | <a href=\"/ui/message/" + id + "?view=html\" id=\"show-html\">HTML (sandboxed, no remote content)</a>");
        } else {
            b.append("<strong>Plain text</strong>");
        }
        b.append("</p>");
        if (showHtml && v.html().isPresent()) {
            b.append("<iframe class=\"body\" id=\"html-body\" sandbox=\"\" referrerpolicy=\"no-referrer\" src=\"/ui/message/").append(id)
                    .append("/body\" title=\"HTML body\"></iframe>");
        } else {
            b.append("<pre class=\"body\" id=\"text-body\">").append(h(v.text())).append("</pre>");
        }
        b.append("<h2>Headers</h2><table class=\"headers\">");
        for (Map.Entry<String, String> e : v.headers()) {
            b.append("<tr><th>").append(h(e.getKey())).append("</th><td>").append(h(e.getValue())).append("</td></tr>");
        }
        if (v.headersNotListed() > 0) {
            b.append("<tr class=\"more\" id=\"headers-more\"><td colspan=\"2\">and ").append(v.headersNotListed())
                    .append(" more header fields not listed</td></tr>");
        }
        b.append("</table></main></body></html>");
        return b.toString();
    }

    String dashboard(Principal who, String csrf, Map<String, Object> stats) {
        StringBuilder b = new StringBuilder(head("Dashboard"));
        b.append("<body data-page=\"dashboard\">").append(nav(who, csrf, "dashboard")).append("<main><h1>Dashboard</h1>");
        b.append("<p class=\"legend\">");
        for (int i = 0; i < Metrics.ACTIONS.size(); i++) {
            b.append("<span class=\"swatch c").append(i).append("\"></span> ").append(Metrics.ACTIONS.get(i)).append(" ");
        }
        b.append("</p><h2>Messages per hour, last 48 hours</h2>").append(chart(metrics.history(Duration.ofHours(1), 48), "hour"));
        b.append("<h2>Messages per day, last 30 days</h2>").append(chart(metrics.history(Duration.ofDays(1), 30), "day"));
        Backend.StoreSize s = (Backend.StoreSize) stats.get("store");
        b.append("<h2>Store and queue</h2><table class=\"stats\">")
                .append(row("Messages learned as ham", s.hamMessages())).append(row("Messages learned as spam", s.spamMessages()))
                .append("<tr><th>Bayes used</th><td id=\"bayes-used\">").append(stats.get("bayes_not_used") instanceof String why
                        ? "not yet: " + h(why) + " (policy.bayes-min-ham, policy.bayes-min-spam); the other checks decide alone"
                        : "yes").append("</td></tr>")
                .append(row("Distinct tokens", s.tokens())).append(row("Store size on disk (bytes)", s.bytesOnDisk())).append(row("Of it in use (bytes)", s.bytesInUse()))
                .append(row("Held now", ((Number) stats.get("held")).longValue()))
                .append("<tr><th>Unsure rate, last 24 h</th><td>")
                .append(String.format(Locale.ROOT, "%.1f %%", 100 * (Double) stats.get("unsure_rate_last_24h"))).append("</td></tr></table>");
        b.append("<h2>Learned since start</h2><table class=\"stats\" id=\"learns\">");
        @SuppressWarnings("unchecked")
        Map<String, Long> learns = (Map<String, Long>) stats.get("learns");
        if (learns.isEmpty()) b.append("<tr><td>none yet</td></tr>");
        for (var e : learns.entrySet()) b.append(row(e.getKey(), e.getValue()));
        b.append("</table></main></body></html>");
        return b.toString();
    }

    private static String row(String label, long n) {
        return "<tr><th>" + h(label) + "</th><td class=\"num\">" + n + "</td></tr>";
    }

    /** A stacked bar chart as inline SVG (no script, no remote anything). */
    static String chart(List<long[]> buckets, String unit) {
        int w = 720, hgt = 160, pad = 24;
        long max = 1;
        for (long[] c : buckets) {
            long t = 0;
            for (int i = 0; i < Metrics.ACTIONS.size(); i++) t += c[i];
            max = Math.max(max, t);
        }
        double bw = (double) (w - pad) / buckets.size();
        StringBuilder b = new StringBuilder("<svg class=\"chart\" role=\"img\" aria-label=\"messages per " + unit + "\" viewBox=\"0 0 "
                + w + " " + (hgt + pad) + "\" width=\"" + w + "\" height=\"" + (hgt + pad) + "\" xmlns=\"http://www.w3.org/2000/svg\">");
        b.append("<text x=\"0\" y=\"12\" font-size=\"10\">").append(max).append("</text>");
        b.append("<line x1=\"").append(pad).append("\" y1=\"").append(hgt).append("\" x2=\"").append(w).append("\" y2=\"").append(hgt)
                .append("\" stroke=\"#999\"/>");
        for (int k = 0; k < buckets.size(); k++) {
            long[] c = buckets.get(k);
            double y = hgt;
            for (int i = 0; i < Metrics.ACTIONS.size(); i++) {
                if (c[i] == 0) continue;
                double bh = (double) c[i] / max * (hgt - 16);
                y -= bh;
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s: %d</title></rect>",
                        pad + k * bw + 1, y, Math.max(1, bw - 2), bh, COLOURS[i], Metrics.ACTIONS.get(i), c[i]));
            }
        }
        b.append("<text x=\"").append(pad).append("\" y=\"").append(hgt + 16).append("\" font-size=\"10\">").append(buckets.size())
                .append(" ").append(unit).append("s ago</text><text x=\"").append(w - 30).append("\" y=\"").append(hgt + 16)
                .append("\" font-size=\"10\">now</text></svg>");
        return b.toString();
    }
}
