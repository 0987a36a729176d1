package org.bayard.core.quarantine;

import java.util.Comparator;

/**
 * The order of held ids, oldest first as the gate names them. The gate's ids are {@code
 * START-PID.N}: its start time in base 36 (of one width for decades), its process id, and a
 * counter. Compared as text, {@code .10} came before {@code .2}; the counter of two ids with the
 * same start is compared as a number, anything else as text. It exists apart from {@link Spool}
 * because it is a rule about the gate's names for items, not about files.
 */
final class GateIdOrder {
    static final Comparator<String> OLDEST_FIRST = (a, b) -> {
        int dotA = a.lastIndexOf('.');
        int dotB = b.lastIndexOf('.');
        if (dotA > 0 && dotA == dotB && a.regionMatches(0, b, 0, dotA) && isDigits(a, dotA + 1) && isDigits(b, dotB + 1)) {
            String n = a.substring(dotA + 1);
            String m = b.substring(dotB + 1);
            return n.length() != m.length() ? Integer.compare(n.length(), m.length()) : n.compareTo(m);
        }
        return a.compareTo(b);
    };

    private GateIdOrder() {}

    private static boolean isDigits(String s, int from) {
        if (from >= s.length()) return false;
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }
}
