package org.bayard.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where the login form sends a moderator: back to the desk page that asked for a login (a held
 * message's link opened after a restart ended the session), else the queue. Only a page of the
 * desk itself: a path under {@code /ui/} without {@code //} or dot segments and a plain query, so a
 * crafted link can never make the login send anyone off the site or to anything but a page.
 */
final class AfterLogin {
    private static final Pattern PAGE = Pattern.compile("/ui/[A-Za-z0-9/_~-][A-Za-z0-9/._~-]{0,500}(\\?[A-Za-z0-9=&%._~+-]{0,1000})?");

    private AfterLogin() {}

    /** The page to go to after logging in, or the queue when {@code next} is none or not a desk page. */
    static String page(String next) {
        if (next == null || !PAGE.matcher(next).matches() || next.contains("//") || next.contains("/.")) return "/ui/queue";
        return next;
    }

    /** The login's address for a page request that needs one: it remembers the page. */
    static String login(String path, String rawQuery) {
        String asked = rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
        return page(asked).equals(asked) ? "/login?next=" + URLEncoder.encode(asked, StandardCharsets.UTF_8) : "/login";
    }
}
