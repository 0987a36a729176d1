package org.bayard.http;

import static org.bayard.http.Pages.h;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard page: messages per hour and per day as inline SVG charts, the store's and the
 * queue's figures, and what was learned since start. Its own class because it is the one page
 * drawn from the service's metrics rather than from held mail.
 */
final class DashboardPage {
    private static final String[] COLOURS = {"#3b7d3b", "#c9a227", "#3a6ea5", "#b03a2e", "#888888"};

    private final Metrics metrics;

    DashboardPage(Metrics metrics) {
        this.metrics = metrics;
    }

    String render(Principal who, String csrf, Map<String, Object> stats) {
        StringBuilder b = new StringBuilder(Pages.head("Dashboard"));
        b.append("<body data-page=\"dashboard\">").append(Pages.nav(who, csrf, "dashboard")).append("<main><h1>Dashboard</h1>");
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
