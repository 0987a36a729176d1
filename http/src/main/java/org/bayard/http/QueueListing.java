package org.bayard.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The quarantine listing's query: filters (text, sender, recipient, subject, score range),
 * sorting and paging, from the request's query parameters. Bad parameters are a 400.
 */
final class QueueListing {
    private QueueListing() {}

    /** The held items matching the query's filters, sorted as it asks (newest first by default). */
    static List<Backend.Held> filter(List<Backend.Held> held, UnaryOperator<String> q) {
        String any = lower(q.apply("q"));
        String from = lower(q.apply("from"));
        String rcpt = lower(q.apply("rcpt"));
        String subject = lower(q.apply("subject"));
        double min = number(q, "min_score", Double.NEGATIVE_INFINITY);
        double max = number(q, "max_score", Double.POSITIVE_INFINITY);
        List<Backend.Held> out = new ArrayList<>();
        for (Backend.Held h : held) {
            String rc = String.join(",", h.rcpt()).toLowerCase(Locale.ROOT);
            String f = h.from().toLowerCase(Locale.ROOT);
            String s = h.subject().toLowerCase(Locale.ROOT);
            if (from != null && !f.contains(from)) continue;
            if (rcpt != null && !rc.contains(rcpt)) continue;
            if (subject != null && !s.contains(subject)) continue;
            if (any != null && !(f.contains(any) || rc.contains(any) || s.contains(any))) continue;
            if (h.score() < min || h.score() > max) continue;
            out.add(h);
        }
        out.sort(order(q.apply("sort"), descending(q.apply("order"))));
        return out;
    }

    /** {@code order}: desc when absent; anything but asc and desc is a 400 (it was read silently as desc). */
    private static boolean descending(String order) {
        if (order == null || order.isEmpty() || order.equals("desc")) return true;
        if (order.equals("asc")) return false;
        throw new Stop(400, "order is asc or desc, got '" + order + "'");
    }

    static Comparator<Backend.Held> order(String sort, boolean desc) {
        Comparator<Backend.Held> c = switch (sort == null ? "received" : sort) {
            case "score" -> Comparator.comparingDouble(Backend.Held::score);
            case "from" -> Comparator.comparing(Backend.Held::from, String.CASE_INSENSITIVE_ORDER);
            case "subject" -> Comparator.comparing(Backend.Held::subject, String.CASE_INSENSITIVE_ORDER);
            case "received" -> Comparator.comparing(Backend.Held::received);
            default -> throw new Stop(400, "sort is one of received, score, from, subject");
        };
        c = c.thenComparing(Backend.Held::id);
        return desc ? c.reversed() : c;
    }

    /** The most items one page of a listing holds. */
    static final int MAX_PAGE = 500;

    /** One page of a listing: {@code offset} and {@code limit} (at most {@link #MAX_PAGE}); past the end, an empty page. */
    static List<Backend.Held> page(List<Backend.Held> all, UnaryOperator<String> q) {
        int offset = offset(q);
        long limit = whole(q, "limit", 50);
        if (limit < 1 || limit > MAX_PAGE) throw new Stop(400, "offset >= 0 and 1 <= limit <= " + MAX_PAGE);
        // in long: an offset near the largest int overflowed its end, and the listing answered 500
        int from = Math.min(offset, all.size());
        return all.subList(from, (int) Math.min(all.size(), (long) from + limit));
    }

    /** The {@code offset} query parameter, 0 when absent; one past any listing's end stands for every such. */
    static int offset(UnaryOperator<String> q) {
        long offset = whole(q, "offset", 0);
        if (offset < 0) throw new Stop(400, "offset >= 0 and 1 <= limit <= " + MAX_PAGE);
        return (int) Math.min(offset, Integer.MAX_VALUE);
    }

    /**
     * A whole-number query parameter; a fraction or anything else is a 400 naming it (1.5 was
     * read as 1). Digits beyond a long's range are read as its largest value: far past any end.
     */
    private static long whole(UnaryOperator<String> q, String name, long dflt) {
        String s = q.apply(name);
        if (s == null || s.isEmpty()) return dflt;
        if (!s.matches("-?[0-9]{1,1000}")) throw new Stop(400, name + " must be a whole number, got '" + shown(s) + "'");
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException tooLong) {
            return s.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** A value for an error message: at most 40 characters of it. */
    private static String shown(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** The query parameters that choose and order a listing (not its page), for links to other pages of it. */
    static final List<String> SELECTION = List.of("q", "from", "rcpt", "subject", "min_score", "max_score", "sort", "order");

    /** A place in the queue as a query string: the page from {@code offset}, with the selection of {@code q}. */
    static String place(int offset, UnaryOperator<String> q) {
        StringBuilder b = new StringBuilder("offset=").append(offset);
        for (String k : SELECTION) {
            String v = q.apply(k);
            if (v != null && !v.isEmpty()) b.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /**
     * The place a page's form came from ({@link #place}), rebuilt from its known parameters only and
     * encoded anew, for the redirect after a decision; "" for none. Nothing else of it reaches the Location.
     */
    static String placeFrom(String back) {
        if (back == null || back.isEmpty()) return "";
        java.util.Map<String, List<String>> form = Responses.parseForm(back);
        UnaryOperator<String> q = k -> form.containsKey(k) && !form.get(k).isEmpty() && form.get(k).get(0).length() <= 200 ? form.get(k).get(0) : null;
        try {
            return place(offset(q), q);
        } catch (Stop badOffset) {
            return place(0, q);
        }
    }

    private static String lower(String s) {
        return s == null || s.isEmpty() ? null : s.toLowerCase(Locale.ROOT);
    }

    /** A numeric query parameter; a bad one is named with what it got ("not a number: a query parameter" named neither). */
    private static double number(UnaryOperator<String> q, String name, double dflt) {
        String s = q.apply(name);
        if (s == null || s.isEmpty()) return dflt;
        try {
            double d = Double.parseDouble(s);
            if (Double.isNaN(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new Stop(400, name + " must be a number, got '" + s + "'");
        }
    }
}
