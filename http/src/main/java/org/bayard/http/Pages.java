package org.bayard.http;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
