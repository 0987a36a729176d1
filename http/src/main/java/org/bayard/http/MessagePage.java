package org.bayard.http;

import static org.bayard.http.Pages.h;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One held message's page: its envelope, score, symbols and clues, attachments, body and
 * headers, with the decision buttons and the warning of a release in doubt. Its own class
 * because it is where mail is shown most fully, and so where escaping matters most: every field
 * goes through {@link Pages#h}, and an HTML body only into the sandboxed frame.
 */
final class MessagePage {
    private MessagePage() {}

    /** {@code inDoubt}: who released it in a release cut off after sending it (see {@link Backend#releaseInDoubt}). */
    static String render(Principal who, String csrf, Backend.HeldView v, Optional<String> inDoubt, boolean showHtml) {
        Backend.Held m = v.summary();
        String id = h(m.id());
        StringBuilder b = new StringBuilder(Pages.head("Message"));
        b.append("<body data-page=\"message\">").append(Pages.nav(who, csrf, "message")).append("<main>");
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
        b.append("<dl class=\"env\"><dt>Received</dt><dd>").append(Pages.TIME.format(m.received())).append(" UTC</dd><dt>Sender</dt><dd>")
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
}
