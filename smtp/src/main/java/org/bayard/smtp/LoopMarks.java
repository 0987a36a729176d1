package org.bayard.smtp;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a gate tells that its next hop leads back to itself. Each gate draws a random mark when it
 * starts and shows it in its greeting, followed by the marks its own next hop's greeting showed
 * last time: a gate that finds its own mark in its next hop's greeting is talking to itself,
 * directly (smtp.next-hop set to its own listen address) or through other gates. Without it each
 * MAIL opened a session on the gate again, and that session another, until a connection limit
 * refused one and every client heard an unexplained 451.
 *
 * <p>A loop through an MTA that is not a gate is caught later, by the Received fields ({@link HopCount}).
 * Thread-safe: shared by a server's sessions.
 */
final class LoopMarks {
    /** Enough for a chain of gates far longer than any site runs, short enough for one greeting line. */
    static final int MOST_SHOWN = 8;
    private static final Pattern SHOWN = Pattern.compile("loop-marks=([0-9a-f]{16}(?:,[0-9a-f]{16})*)");
    private static final Pattern ONE = Pattern.compile("[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String own;
    /** Other gates' marks a release also checks for: the gates sharing the quarantine it releases from. */
    private final Set<String> also;
    /** The marks in the next hop's last greeting: the gates our mail passes through after us. */
    private volatile Set<String> beyond = Set.of();

    private LoopMarks(String own) {
        this(own, Set.of());
    }

    private LoopMarks(String own, Set<String> also) {
        this.own = own;
        this.also = also;
    }

    /** A new gate's marks. One per server: two gates in one process (tests, or a chain on one host) must tell each other apart. */
    static LoopMarks random() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return new LoopMarks(HexFormat.of().formatHex(b));
    }

    /**
     * A running gate's marks, known by its own mark as that gate wrote it down: a release made in
     * another process (the command line) checks its next hop against the gate that held the
     * message. Empty when {@code own} is not a mark.
     */
    static java.util.Optional<LoopMarks> of(String own) {
        String m = own.strip();
        return ONE.matcher(m).matches() ? java.util.Optional.of(new LoopMarks(m)) : java.util.Optional.empty();
    }

    /**
     * The marks of every gate holding mail in one quarantine, as they wrote them down (gates
     * beside one store share it): a release from it must lead back to none of them. Empty when
     * none of {@code marks} is a mark.
     */
    static java.util.Optional<LoopMarks> ofAll(java.util.Collection<String> marks) {
        java.util.List<String> valid = marks.stream().map(String::strip).filter(m -> ONE.matcher(m).matches()).distinct().toList();
        if (valid.isEmpty()) return java.util.Optional.empty();
        return java.util.Optional.of(new LoopMarks(valid.get(0), Set.copyOf(valid.subList(1, valid.size()))));
    }

    /** This gate's own mark, the first its greeting shows. */
    String own() {
        return own;
    }

    /** What our greeting shows: {@code loop-marks=OWN[,BEYOND...]}. */
    String shown() {
        StringBuilder b = new StringBuilder("loop-marks=").append(own);
        int n = 1;
        for (String m : beyond) {
            if (n++ >= MOST_SHOWN) break;
            b.append(',').append(m);
        }
        return b.toString();
    }

    /**
     * Reads the next hop's greeting: throws when it shows our own mark, else remembers the marks
     * it shows, for our own greeting.
     */
    void check(Reply greeting, String nextHop) throws Loop {
        Set<String> seen = new LinkedHashSet<>();
        for (String line : greeting.lines()) {
            Matcher m = SHOWN.matcher(line);
            if (m.find()) seen.addAll(java.util.List.of(m.group(1).split(",")));
        }
        if (seen.contains(own) || seen.stream().anyMatch(also::contains)) throw new Loop(nextHop);
        beyond = Set.copyOf(seen);
    }

    /** The next hop's greeting showed our own mark: mail sent there would come back to us. */
    static final class Loop extends IOException {
        Loop(String nextHop) {
            super("mail loop: the next hop " + nextHop + " leads back to this gate (its greeting shows our loop mark)");
        }
    }
}
