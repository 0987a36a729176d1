package org.bayard.core.token;

import java.util.Locale;

/**
 * Links: the host with its parents ({@code url:www.example.com}, {@code url:example.com}),
 * its labels ({@code url:example}), the words of the path and query ({@code url:path:click}),
 * and the tricks: numeric hosts, user info before the host, odd ports, non-web schemes.
 * SpamBayes found the host the most telling part of a URL; path words add campaign ids and
 * script names.
 */
final class UrlFeatures implements WordSink {

    private static final String PREFIX = "url:";
    /** Links and hosts remembered per message: enough for nearly every message; past it, repeats are read again. */
    private static final int MAX_REMEMBERED = 256;

    private final FeatureSink sink;
    private final WordSplitter splitter;
    private final int maxWordLength;
    private final HostName hostName;
    /*
     * The links and hosts of this message already read. A link, and a host, gives the same
     * features every time and the message's features are a set, so reading a repeat adds
     * nothing. On the corpus 30% of links (13,107 of 43,271) repeat an earlier one of their
     * message (the text part repeats the HTML part's links; a banner and its caption point to
     * one page), and 46% of the other links (13,929 of 30,164) have a host read before. Nor
     * does skipping a repeat move the feature cap's overflow marker: at the cap, finish() adds it.
     */
    private final SeenStrings links;
    private final SeenStrings hosts;
    private int count;

    /**
     * @param hostName a buffer this stage may overwrite whenever it is called
     * @param memory the sets of links and hosts read, which this stage clears: a message starts with none
     */
    UrlFeatures(FeatureSink sink, WordSplitter splitter, int maxWordLength, HostName hostName, Memory memory) {
        this.sink = sink;
        this.splitter = splitter;
        this.maxWordLength = maxWordLength;
        this.hostName = hostName;
        this.links = memory.links;
        this.hosts = memory.hosts;
        links.clear();
        hosts.clear();
    }

    /** The links and hosts a message's stage remembers, kept from message to message (see {@link SeenStrings}). */
    static final class Memory {
        final SeenStrings links = new SeenStrings(MAX_REMEMBERED);
        final SeenStrings hosts = new SeenStrings(MAX_REMEMBERED);
    }

    void accept(String url) {
        count++;
        if (!links.firstTime(url)) {
            return;
        }
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mailto:")) {
            int at = lower.indexOf('@');
            int end = addressEnd(lower, at + 1);
            sink.accept(PREFIX + "mailto:", at < 0 ? "none" : Domains.normalise(lower.substring(at + 1, end)));
            return;
        }
        int start;
        if (lower.startsWith("www.")) {
            start = 0;
        } else {
            int scheme = lower.indexOf("://");
            if (scheme <= 0) {
                sink.accept(PREFIX, lower.startsWith("javascript:") ? "scheme:javascript" : "scheme:none");
                return;
            }
            sink.accept(PREFIX + "scheme:", scheme(lower, scheme));
            start = scheme + 3;
        }
        // the host is found as a range of the lower-cased link, in one pass over the authority:
        // no string for the authority, nor for each step that trims it
        int hostStart = start;
        int colon = -1;
        int authorityEnd = start;
        for (char c; authorityEnd < lower.length() && (c = lower.charAt(authorityEnd)) != '/' && c != '?' && c != '#';
             authorityEnd++) {
            if (c == '@') {
                hostStart = authorityEnd + 1;
            } else if (c == ':') {
                colon = authorityEnd;
            }
        }
        int hostEnd = authorityEnd;
        if (hostStart > start) {
            sink.accept(PREFIX, "shape:userinfo"); // http://bank.com@evil.example/ shows "bank.com"
        }
        if (colon >= hostStart && lower.charAt(hostEnd - 1) != ']') {
            sink.accept(PREFIX + "port:", lower.substring(colon + 1, hostEnd));
            hostEnd = colon;
        }
        if (hosts.firstTime(lower.substring(hostStart, hostEnd))) {
            host(lower, hostStart, hostEnd);
        }
        splitter.start(lower, authorityEnd);
        splitter.split(this);
    }

    /** The number of links, after the last one. */
    void finish() {
        sink.accept(PREFIX + "count:", Buckets.of(count));
    }

    /** The host {@code text.substring(start, end)}. */
    private void host(String text, int start, int end) {
        boolean ipv6Literal = start < end && text.charAt(start) == '[';
        if (Domains.isIpv4(text, start, end) || ipv6Literal || isAllDigits(text, start, end)) {
            sink.accept(PREFIX, "shape:ip");
            sink.accept(PREFIX + "ip:", text.substring(start, end));
            return;
        }
        if (text.indexOf('%', start, end) >= 0) {
            sink.accept(PREFIX, "shape:escaped-host");
        }
        hostName.set(text, start, end).emitWithParents(sink, PREFIX);
        labels();
    }

    /** Each label of the normalised host but "www", as {@code url:example}. */
    private void labels() {
        for (int start = 0, n = hostName.length(); start < n; ) {
            int end = start;
            while (end < n && hostName.charAt(end) != '.') {
                end++;
            }
            if (end - start >= 2 && !isWww(start, end)) {
                hostName.emit(sink, PREFIX, start, end);
            }
            start = end + 1;
        }
    }

    private boolean isWww(int start, int end) {
        return end - start == 3 && hostName.charAt(start) == 'w' && hostName.charAt(start + 1) == 'w'
                && hostName.charAt(start + 2) == 'w';
    }

    @Override
    public void word(char[] chars, int stored, int length) {
        if (length >= BodyWords.MIN_LENGTH && length <= maxWordLength) {
            sink.accept(PREFIX + "path:", chars, 0, stored);
        }
    }

    /** The scheme's name, up to 12 chars; the web's two without a string per link. */
    private static String scheme(String lower, int length) {
        if (length == 4 && lower.startsWith("http")) {
            return "http";
        }
        if (length == 5 && lower.startsWith("https")) {
            return "https";
        }
        return lower.substring(0, Math.min(length, 12));
    }

    /** Where the mailto address that begins at {@code from} ends: at its query. */
    private static int addressEnd(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '?' || c == '&') {
                return i;
            }
        }
        return s.length();
    }

    private static boolean isAllDigits(String s, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
