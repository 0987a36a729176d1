package org.bayard.milter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The header changes that turn the header block the MTA sent into the one the gate wrote: the
 * fields it took out (a sender's forged X-Spam-Flag) and the fields it added (ours). A milter cannot
 * send a new head; it changes the MTA's copy field by field.
 */
final class HeaderChanges {
    /** A field as the MTA sent it, or as the gate's head has it: the name, and the value without its line ends. */
    record Field(String name, String value) {
        String key() {
            return name.toLowerCase(Locale.ROOT) + ":" + value.strip();
        }
    }

    /** A field to delete: the {@code index}th of the fields named {@code name} (counted from 1, in the MTA's order). */
    record Deletion(String name, int index) {}

    private HeaderChanges() {}

    /**
     * What to delete, last occurrence of each name first (so that no deletion moves the index of
     * another, whichever way the MTA counts), and what to add, in the gate's order.
     */
    record Changes(List<Deletion> deletions, List<Field> additions) {}

    static Changes between(List<Field> sent, byte[] newHead) {
        List<Field> wanted = fields(newHead);
        Map<String, Integer> unmatched = new HashMap<>();
        for (Field f : wanted) unmatched.merge(f.key(), 1, Integer::sum);
        List<Deletion> deletions = new ArrayList<>();
        Map<String, Integer> occurrence = new HashMap<>();
        for (Field f : sent) {
            int index = occurrence.merge(f.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            Integer left = unmatched.get(f.key());
            if (left != null && left > 0) unmatched.put(f.key(), left - 1);
            else deletions.add(new Deletion(f.name(), index));
        }
        deletions.sort(Comparator.comparing((Deletion d) -> d.name().toLowerCase(Locale.ROOT)).thenComparing(Deletion::index,
                Comparator.reverseOrder()));
        List<Field> additions = new ArrayList<>();
        for (Field f : wanted) {
            Integer left = unmatched.get(f.key());
            if (left != null && left > 0) {
                additions.add(f);
                unmatched.put(f.key(), left - 1);
            }
        }
        return new Changes(deletions, additions);
    }

    /** The fields of a header block (up to its blank line, or its end), each unfolded onto one line. */
    static List<Field> fields(byte[] head) {
        String text = new String(head, StandardCharsets.ISO_8859_1);
        List<Field> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) break;
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append(line);
                continue;
            }
            if (current != null) out.add(field(current.toString()));
            current = new StringBuilder(line);
        }
        if (current != null) out.add(field(current.toString()));
        return out;
    }

    private static Field field(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) return new Field(line, "");
        return new Field(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }

    /** A value as the MTA sends it, folded with bare line ends: on one line, as it is compared and as it is added. */
    static String unfolded(String value) {
        return value.replace("\r", "").replace("\n", "");
    }
}
