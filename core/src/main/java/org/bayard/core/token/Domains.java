package org.bayard.core.token;

import java.util.Locale;

/** Host names as features: the name itself and each parent down to two labels. */
final class Domains {

    /** More labels than this is a generated name; its top labels are what generalise. */
    private static final int MAX_LABELS = 8;
    static final int MAX_HOST_CHARS = 253;

    private Domains() {}

    /** Emits {@code prefix + host} and {@code prefix + parent} for each parent with two or more labels. */
    static void emitWithParents(FeatureSink sink, String prefix, String host) {
        String h = normalise(host);
        if (h.isEmpty()) {
            return;
        }
        int labels = 0;
        for (int i = h.length() - 1; i >= 0; i--) {
            if (h.charAt(i) == '.') {
                labels++;
                if (labels >= 2 && labels <= MAX_LABELS) {
                    sink.accept(prefix, h.subSequence(i + 1, h.length()));
                }
            }
        }
        if (labels <= MAX_LABELS) {
            sink.accept(prefix, h);
        }
    }

    /** Lower case, no trailing dot, bounded. */
    static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.length() > MAX_HOST_CHARS ? h.substring(0, MAX_HOST_CHARS) : h;
    }

    /** Dotted quad such as 192.168.1.2 (each part 0..255). */
    static boolean isIpv4(CharSequence s) {
        int parts = 0;
        int value = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return false;
                }
            } else if (c == '.' && value >= 0) {
                parts++;
                value = -1;
            } else {
                return false;
            }
        }
        return parts == 3 && value >= 0;
    }
}
