package org.bayard.http;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The moderation page, rendered on the server: what all its pages share (the CSPs, the escaping,
 * the head and the header bar) and the two small pages, login and error; the queue, one message
 * and the dashboard are {@link QueuePage}, {@link MessagePage} and {@link DashboardPage}. Every
 * piece of mail data goes through {@link #h} (text only, never markup); scripts come only from
 * {@code /static/app.js} (the page's CSP allows no inline script). A message's HTML body is shown
 * only in a sandboxed iframe served with {@link #BODY_CSP}, and only when asked for; the default
 * view is its plain text.
 */
final class Pages {
    static final String PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "frame-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String BODY_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; "
            + "form-action 'none'; base-uri 'none'; sandbox";
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

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
}
