package org.bayard.core.token;

import java.util.Locale;
import org.bayard.core.mail.AsciiSet;

/** Host names and addresses as they appear in headers and links. */
final class Domains {

    static final int MAX_HOST_CHARS = 253;
    /** The chars a host name is read as in headers: ASCII letters, digits, dot, hyphen and underscore. */
    static final AsciiSet HOST_CHARS = AsciiSet.lettersAndDigits().with(".-_");

    private Domains() {}

    /** Lower case, no trailing dot, bounded. */
    static String normalise(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.length() > MAX_HOST_CHARS ? h.substring(0, MAX_HOST_CHARS) : h;
    }

    /** Whether {@code s.subSequence(start, end)} is a dotted quad such as 192.168.1.2 (each part 0..255). */
    static boolean isIpv4(CharSequence s, int start, int end) {
        int parts = 0;
        int value = -1;
        for (int i = start; i < end; i++) {
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
