package org.bayard.smtp;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a next hop offered in its EHLO reply: its keywords, the SIZE it named and the attributes
 * its XFORWARD keyword lists, all upper-case; nothing for a next hop that took only HELO. It
 * exists so that {@link NextHop}'s connect reads as greeting, loop check, EHLO, and the reading
 * of the keywords is in one place.
 *
 * @param sizeLimit the largest message the next hop takes, as SIZE said; 0 when it named none
 */
record HopKeywords(Set<String> extensions, long sizeLimit, Set<String> xforwardAttributes) {
    /** What a next hop that answered HELO only, or no EHLO keyword, offers. */
    static final HopKeywords NONE = new HopKeywords(Set.of(), 0, Set.of());

    /** The keywords of a 250 reply to EHLO: each line after the first names one, with its arguments. */
    static HopKeywords of(Reply ehlo) {
        Set<String> extensions = new HashSet<>();
        long sizeLimit = 0;
        Set<String> xforwardAttributes = new HashSet<>();
        for (int i = 1; i < ehlo.lines().size(); i++) {
            String kw = ehlo.lines().get(i).trim().toUpperCase(Locale.ROOT);
            int sp = kw.indexOf(' ');
            extensions.add(sp < 0 ? kw : kw.substring(0, sp));
            if (kw.matches("SIZE [0-9]{1,18}")) sizeLimit = Long.parseLong(kw.substring(5));
            if (kw.startsWith("XFORWARD ")) xforwardAttributes.addAll(List.of(kw.substring(9).trim().split(" +")));
        }
        return new HopKeywords(Set.copyOf(extensions), sizeLimit, Set.copyOf(xforwardAttributes));
    }

    boolean supports(String extension) {
        return extensions.contains(extension.toUpperCase(Locale.ROOT));
    }
}
