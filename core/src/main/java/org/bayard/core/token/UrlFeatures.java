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

    private final FeatureSink sink;
    private final WordSplitter splitter;
    private final int maxWordLength;
    private final HostName hostName = new HostName();
    private int count;

    UrlFeatures(FeatureSink sink, WordSplitter splitter, int maxWordLength) {
        this.sink = sink;
        this.splitter = splitter;
        this.maxWordLength = maxWordLength;
    }

    void accept(String url) {
        count++;
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mailto:")) {
            int at = lower.indexOf('@');
            int end = endOf(lower, at + 1, "?&");
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
            sink.accept(PREFIX + "scheme:", lower.substring(0, Math.min(scheme, 12)));
            start = scheme + 3;
        }
        int authorityEnd = endOf(lower, start, "/?#");
        String authority = lower.substring(start, authorityEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            sink.accept(PREFIX, "shape:userinfo"); // http://bank.com@evil.example/ shows "bank.com"
            authority = authority.substring(at + 1);
        }
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]")) {
            sink.accept(PREFIX + "port:", authority.substring(colon + 1));
            authority = authority.substring(0, colon);
        }
        host(authority);
        splitter.split(lower.substring(authorityEnd), this);
    }

    /** The number of links, after the last one. */
    void finish() {
        sink.accept(PREFIX + "count:", Buckets.of(count));
    }

    private void host(String host) {
        if (Domains.isIpv4(host) || host.startsWith("[") || isAllDigits(host)) {
            sink.accept(PREFIX, "shape:ip");
            sink.accept(PREFIX + "ip:", host);
            return;
        }
        if (host.indexOf('%') >= 0) {
            sink.accept(PREFIX, "shape:escaped-host");
        }
        hostName.set(host, 0, host.length()).emitWithParents(sink, PREFIX);
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

    private static int endOf(String s, int from, String stops) {
        int i = Math.max(0, from);
        while (i < s.length() && stops.indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static boolean isAllDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
