package org.bayard.http;

import static org.bayard.http.Pages.h;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The queue page: one page of held messages as a table, with its pager, its sort links, the
 * notice of the last decision and the marks of releases in doubt. Its own class because it is
 * the page most changed and most read; the frame and the escaping it shares are {@link Pages}'.
 */
final class QueuePage {
    private QueuePage() {}

    private static String sortLink(String label, String key, String sort, String order) {
        boolean on = key.equals(sort == null ? "received" : sort);
        String next = on && !"asc".equals(order) ? "asc" : "desc";
        return "<a href=\"/ui/queue?sort=" + key + "&amp;order=" + next + "\">" + label + (on ? ("asc".equals(order) ? " ▲" : " ▼") : "") + "</a>";
    }

    /**
     * One page of the queue: {@code items} are those from {@code offset} of the {@code total}
     * matching the query, at most {@code pageSize}; {@code query} gives the request's parameters;
     * {@code inDoubt} has, by id, who released those of them an earlier, cut-off release may have
     * delivered (see {@link Backend#releaseInDoubt}).
     */
    record Listing(List<Backend.Held> items, int total, int offset, int pageSize, UnaryOperator<String> query,
                   Map<String, String> inDoubt) {
        String sort() {
            return query.apply("sort");
        }

        String order() {
            return query.apply("order");
        }

        /** A link to the page starting at {@code from}, with the same filters and order. */
        String link(int from) {
            return "/ui/queue?" + QueueListing.place(from, query);
        }
    }

    /** "Messages 501 to 607 of 607" with links to the pages before and after, when there is more than one. */
    private static String pager(Listing l) {
        if (l.total() <= l.pageSize() && l.offset() == 0) return "";
        StringBuilder b = new StringBuilder("<p class=\"pager\">");
        if (!l.items().isEmpty()) { // past the end, the table says so
            b.append("Messages ").append(l.offset() + 1).append(" to ").append(l.offset() + l.items().size()).append(" of ").append(l.total());
        }
        if (l.offset() > 0) {
            // from past the end, back to the last page there is
            int previous = Math.max(0, Math.min(l.offset(), l.total()) - l.pageSize());
            b.append(" <a id=\"prev\" href=\"").append(h(l.link(previous))).append("\">Previous</a>");
        }
        if ((long) l.offset() + l.items().size() < l.total()) {
            b.append(" <a id=\"next\" href=\"").append(h(l.link(l.offset() + l.pageSize()))).append("\">Next</a>");
        }
        return b.append("</p>").toString();
    }

    /**
     * What a decision on the page came to, as counts from its redirect: done, failed (the mail is
     * still held: the next hop refused, the store could not learn), and decided elsewhere first
     * (another moderator or the command took or removed it; nothing was done to it here).
     */
    record Outcome(String done, String failed, String elsewhere) {
        static final Outcome NONE = new Outcome(null, null, null);

        private static boolean count(String s) {
            return s != null && s.matches("[0-9]{1,4}");
        }

        /** The notice, or null when the counts are missing or not counts. */
        String notice(String verb) {
            if (!count(done) || !count(failed) || (elsewhere != null && !count(elsewhere))) return null;
            String s = h(verb) + ": " + done + " done" + ("0".equals(failed) ? "" : ", " + failed + " failed (still held)");
            if (elsewhere != null && !"0".equals(elsewhere)) {
                s += ", " + elsewhere + " decided elsewhere first (nothing done to " + ("1".equals(elsewhere) ? "it" : "them") + " here)";
            }
            return s;
        }
    }

    static String render(Principal who, String csrf, Listing listing, String verb, Outcome outcome) {
        List<Backend.Held> items = listing.items();
        String sort = listing.sort(), order = listing.order();
        StringBuilder b = new StringBuilder(Pages.head("Queue"));
        b.append("<body data-page=\"queue\">").append(Pages.nav(who, csrf, "queue")).append("<main>");
        b.append("<h1>Held messages <span class=\"count\" id=\"count\">").append(listing.total()).append("</span></h1>");
        String notice = outcome.notice(verb);
        if (notice != null) b.append("<p class=\"notice\" role=\"status\">").append(notice).append("</p>");
        b.append("<p class=\"keys\">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>x</kbd> select, <kbd>Enter</kbd> open, "
                + "<kbd>r</kbd> release as ham, <kbd>d</kbd> discard as spam, <kbd>a</kbd> select all, <kbd>g</kbd> dashboard</p>");
        b.append(pager(listing));
        b.append("<form method=\"post\" action=\"/ui/action\" id=\"bulk\"><input type=\"hidden\" name=\"csrf\" value=\"").append(h(csrf)).append("\">");
        // the decision comes back to this page, as sorted and filtered, not to the first page by time
        b.append("<input type=\"hidden\" name=\"back\" value=\"").append(h(QueueListing.place(listing.offset(), listing.query()))).append("\">");
        if (who.role() == Role.ADMIN) {
            b.append("<div class=\"actions\"><button name=\"action\" value=\"learn-ham\" id=\"release\">Release as ham (r)</button> "
                    + "<button name=\"action\" value=\"learn-spam\" id=\"discard\">Discard as spam (d)</button></div>");
        }
        b.append("<table id=\"queue\"><thead><tr><th><input type=\"checkbox\" id=\"all\" title=\"select all\"></th><th>")
                .append(sortLink("Time", "received", sort, order)).append("</th><th>").append(sortLink("Sender", "from", sort, order))
                .append("</th><th>Recipients</th><th>").append(sortLink("Subject", "subject", sort, order)).append("</th><th>")
                .append(sortLink("Score", "score", sort, order)).append("</th><th>Reason</th></tr></thead><tbody>");
        for (Backend.Held m : items) {
            String id = h(m.id());
            b.append("<tr data-id=\"").append(id).append("\"><td><input type=\"checkbox\" name=\"id\" value=\"").append(id).append("\"></td>")
                    .append("<td>").append(Pages.TIME.format(m.received())).append("</td><td>").append(h(cut(m.from()))).append("</td><td>")
                    .append(h(firstFew(m.rcpt()))).append("</td><td><a class=\"open\" href=\"/ui/message/").append(id).append("\">")
                    .append(h(m.subject().isEmpty() ? "(no subject)" : cut(m.subject()))).append("</a>").append(doubtMark(listing, m))
                    .append("</td><td class=\"num\">")
                    .append(String.format(Locale.ROOT, "%.1f", m.score())).append("</td><td>").append(h(cut(m.reason()))).append("</td></tr>");
        }
        if (items.isEmpty() && listing.total() > 0) {
            // a page past the end (a Next link followed after others decided much of the queue) is not an empty queue
            b.append("<tr><td colspan=\"7\" class=\"empty\">No held message on this page; ").append(listing.total())
                    .append(" held in all. <a id=\"first\" href=\"").append(h(listing.link(0))).append("\">First page</a></td></tr>");
        } else if (items.isEmpty()) {
            b.append("<tr><td colspan=\"7\" class=\"empty\">Nothing is held").append(who.scope().everything() ? "" : " for your lists")
                    .append(".</td></tr>");
        }
        b.append("</tbody></table></form></main></body></html>");
        return b.toString();
    }

    /**
     * The row's mark for an item an earlier, cut-off release may have delivered: its release from
     * here (alone or in bulk) is refused, and its own page has the way on.
     */
    private static String doubtMark(Listing listing, Backend.Held m) {
        String note = listing.inDoubt().get(m.id());
        if (note == null) return "";
        return " <span class=\"in-doubt\" title=\"An earlier release (" + h(note) + ") was cut off after sending it: open it to check"
                + " and decide\">may have been delivered already</span>";
    }

    /** The most characters of one mail field a queue row shows; the message's page has it whole. */
    static final int CELL_CHARS = 200;
    /** The most recipients a queue row names. */
    static final int CELL_RECIPIENTS = 5;

    /**
     * The start of a field for a queue row, with "…" when it goes on: a spam run's 60,000-character
     * Subject made its row screens tall, and pushed every other held message off the screen.
     */
    static String cut(String s) {
        if (s.length() <= CELL_CHARS) return s;
        int end = Character.isHighSurrogate(s.charAt(CELL_CHARS - 1)) ? CELL_CHARS - 1 : CELL_CHARS;
        return s.substring(0, end) + "…";
    }

    /** The first few recipients for a queue row, and how many more: a message for 200 made its row as tall as a page. */
    static String firstFew(List<String> rcpt) {
        if (rcpt.size() <= CELL_RECIPIENTS) return cut(String.join(", ", rcpt));
        return cut(String.join(", ", rcpt.subList(0, CELL_RECIPIENTS))) + " and " + (rcpt.size() - CELL_RECIPIENTS) + " more";
    }
}
