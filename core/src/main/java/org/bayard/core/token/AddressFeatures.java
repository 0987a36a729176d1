package org.bayard.core.token;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bayard.core.mail.AsciiSet;
import org.bayard.core.mail.HeaderNames;

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
    /** The ASCII chars of an RFC 5322 dot-atom: what is read as the local part before an {@code @}. */
    private static final AsciiSet LOCAL_CHARS = AsciiSet.lettersAndDigits().with(".!#$%&'*+-/=?^_`{|}~");

    private final FeatureSink sink;
    private final WordSplitter splitter;
    private final StringBuilder name = new StringBuilder();
    /** {@code local@domain}, lower case, the local part cut to its bound. */
    private final char[] address = new char[MAX_LOCAL_CHARS + 1 + Domains.MAX_HOST_CHARS];
    private final HostName host;
    private String namePrefix;

    /** @param host a buffer this stage may overwrite whenever it is called */
    AddressFeatures(FeatureSink sink, WordSplitter splitter, HostName host) {
        this.sink = sink;
        this.splitter = splitter;
        this.host = host;
    }

    /** @param header lower-case header name, such as {@code from} */
    void accept(String header, String value) {
        Prefixes prefixes = Prefixes.of(header);
        name.setLength(0);
        int count = 0;
        int last = 0;
        for (int at = value.indexOf('@'); at >= 0; at = value.indexOf('@', at + 1)) {
            int start = at;
            while (start > last && LOCAL_CHARS.contains(value.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < value.length() && Domains.HOST_CHARS.contains(value.charAt(end))) {
                end++;
            }
            if (start == at || end == at + 1) {
                continue; // a lone @ is not an address
            }
            name.append(value, last, start).append(' ');
            if (count++ < MAX_ADDRESSES) {
                address(prefixes, value, start, at, end);
            }
            last = end;
        }
        name.append(value, last, value.length());
        if (count == 0) {
            sink.accept(prefixes.header, "none");
        }
        sink.accept(prefixes.count, Buckets.of(count));
        namePrefix = prefixes.name;
        splitter.startCleaned(name);
        splitter.split(this);
    }

    /**
     * The address is built in one reused array, {@code local@domain}, and the local part is its
     * head; the domain is normalised once, into the reused host buffer: no strings per address.
     * Both are ranges of host or local chars, all ASCII, so they are copied in bulk and
     * lower-cased in place.
     */
    private void address(Prefixes prefixes, String value, int start, int at, int end) {
        int localLength = Math.min(at - start, MAX_LOCAL_CHARS);
        value.getChars(start, start + localLength, address, 0);
        HeaderNames.toLowerAscii(address, 0, localLength); // exactly toLowerCase(Locale.ROOT) for ASCII
        address[localLength] = '@';
        host.setHostChars(value, at + 1, end).copyTo(address, localLength + 1);
        sink.accept(prefixes.addr, address, 0, localLength + 1 + host.length());
        sink.accept(prefixes.local, address, 0, localLength);
        host.emitWithParents(sink, prefixes.domain);
    }

    @Override
    public void word(char[] chars, int stored, int length) {
        if (length >= 2 && length <= 20) {
            sink.accept(namePrefix, chars, 0, stored);
        }
    }

    /** Each header's feature prefixes, built once: {@code from:}, {@code from:addr:} and so on. */
    private record Prefixes(String header, String count, String addr, String local, String domain, String name) {

        private static final Map<String, Prefixes> KNOWN = Stream.of("from", "reply-to", "to", "cc", "sender", "return-path")
                .collect(Collectors.toUnmodifiableMap(h -> h, Prefixes::build));

        static Prefixes of(String header) {
            Prefixes known = KNOWN.get(header);
            return known != null ? known : build(header);
        }

        private static Prefixes build(String header) {
            String p = header + ":";
            return new Prefixes(p, p + "count:", p + "addr:", p + "local:", p + "domain:", p + "name:");
        }
    }
}
