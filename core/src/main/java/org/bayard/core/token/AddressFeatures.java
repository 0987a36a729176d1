package org.bayard.core.token;

import java.util.Locale;

/**
 * Address headers (From, Reply-To, To, Cc, Sender, Return-Path): each address whole, its local
 * part and its domain with parents, the display-name words, and the number of addresses.
 * Prefixed by the header, so {@code from:domain:example.com} and {@code to:domain:example.com}
 * are separate evidence. A header with no address at all gets {@code <header>:none}.
 *
 * <p>Addresses are found around each {@code @} rather than by a full RFC 5322 parse: spam
 * headers are often not valid, and what a reader sees as the address is what counts.
 */
final class AddressFeatures implements WordSink {

    /** Beyond this many addresses in one header, the count says it all. */
    private static final int MAX_ADDRESSES = 20;
    private static final int MAX_LOCAL_CHARS = 64;

    private final FeatureSink sink;
    private final WordSplitter splitter;
    private final TextCleaner cleaner;
    private final StringBuilder name = new StringBuilder();
    private final HostName host = new HostName();
    private String namePrefix;

    AddressFeatures(FeatureSink sink, WordSplitter splitter, TextCleaner cleaner) {
        this.sink = sink;
        this.splitter = splitter;
        this.cleaner = cleaner;
    }

    /** @param header lower-case header name, such as {@code from} */
    void accept(String header, String value) {
        String prefix = header + ":";
        name.setLength(0);
        int count = 0;
        int last = 0;
        for (int at = value.indexOf('@'); at >= 0; at = value.indexOf('@', at + 1)) {
            int start = at;
            while (start > last && isLocalChar(value.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < value.length() && isDomainChar(value.charAt(end))) {
                end++;
            }
            if (start == at || end == at + 1) {
                continue; // a lone @ is not an address
            }
            name.append(value, last, start).append(' ');
            if (count++ < MAX_ADDRESSES) {
                address(prefix, value.substring(start, at), value.substring(at + 1, end));
            }
            last = end;
        }
        name.append(value, last, value.length());
        if (count == 0) {
            sink.accept(prefix, "none");
        }
        sink.accept(prefix + "count:", Buckets.of(count));
        namePrefix = prefix + "name:";
        splitter.split(cleaner.clean(name), this);
    }

    private void address(String prefix, String local, String domain) {
        String l = local.toLowerCase(Locale.ROOT);
        if (l.length() > MAX_LOCAL_CHARS) {
            l = l.substring(0, MAX_LOCAL_CHARS);
        }
        String d = Domains.normalise(domain);
        sink.accept(prefix + "addr:", l + "@" + d);
        sink.accept(prefix + "local:", l);
        host.set(d, 0, d.length()).emitWithParents(sink, prefix + "domain:");
    }

    @Override
    public void word(char[] chars, int stored, int length) {
        if (length >= 2 && length <= 20) {
            sink.accept(namePrefix, chars, 0, stored);
        }
    }

    private static boolean isLocalChar(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || ".!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0);
    }

    private static boolean isDomainChar(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_');
    }
}
