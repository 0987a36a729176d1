package org.bayard.app.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.bayard.app.AppContext;
import org.bayard.app.gate.Quarantine;

/**
 * Held mail for a terminal: {@code quarantine list}'s lines and {@code quarantine show}'s item.
 * Its own class because what it prints came from a client (addresses, headers, the message), and
 * nothing of that may drive the terminal: every value and line goes through {@link Printable}.
 */
final class HeldMailPrinter {
    private final AppContext ctx;

    HeldMailPrinter(AppContext ctx) {
        this.ctx = ctx;
    }

    /** Prints one line per held item; an item decided since the listing is left out. */
    void list(Quarantine q) throws IOException {
        for (String id : q.ids()) {
            Optional<Map<String, Object>> held = MetadataOrWarning.read(q, id, ctx.err());
            if (held.isEmpty()) continue; // decided by another process since the listing
            Map<String, Object> m = held.get();
            // a release was cut off after sending it: releasing it again needs --force, so say it here first
            String doubt = inDoubt(q, id) ? "  [an earlier release may have delivered it]" : "";
            ctx.out().printf(Locale.ROOT, "%s  %s  score=%s  from=<%s>  rcpt=%s  %s%s%n", id, shown(m.getOrDefault("received", "?")),
                    shown(m.getOrDefault("score", "?")), shown(m.getOrDefault("from", "")), shown(m.getOrDefault("rcpt", "[]")),
                    shown(m.getOrDefault("reason", "")), doubt);
        }
    }

    /**
     * Prints an item's metadata and the start of its message; false, with nothing printed, when
     * it is not (or no longer) held.
     */
    boolean show(Quarantine q, String id, long maxScanBytes) throws IOException {
        // both read before anything is printed: another process may decide the item between the two reads
        Optional<Map<String, Object>> meta = MetadataOrWarning.read(q, id, ctx.err());
        // the header and the start of the text, what the filter read of it: a held message
        // may be larger than the heap, and was read whole
        int shown = (int) Math.min(Integer.MAX_VALUE - 16, maxScanBytes);
        Optional<Quarantine.Start> message = q.startIfHeld(id, shown);
        if (meta.isEmpty() || message.isEmpty()) return false;
        ctx.out().println(Printable.controlsEscaped(Json.writePretty(meta.get()), ctx.out().charset(), true));
        printLines(message.get().bytes());
        if (!message.get().whole()) {
            ctx.out().flush();
            ctx.err().println("bayard: " + id + ": only the first " + message.get().bytes().length + " of its "
                    + message.get().size() + " bytes shown (limits.max-scan-bytes); quarantine export --mbox FILE "
                    + id + " writes it whole");
        }
        return true;
    }

    /** Whether a release of the item was cut off after sending it; a note that cannot be read is for the release to say. */
    private static boolean inDoubt(Quarantine q, String id) {
        try {
            return q.spool().sending(id).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The held message for a terminal: its lines as lines (ended by CR LF or LF), each in
     * printable ASCII, so an escape sequence or a bare CR inside a line cannot drive the terminal
     * or hide text. A tab, which folds header fields, is shown as it is.
     */
    private void printLines(byte[] message) {
        String[] lines = new String(message, StandardCharsets.ISO_8859_1).split("\r?\n", -1);
        int count = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            ctx.out().println(Arrays.stream(lines[i].split("\t", -1)).map(Printable::ascii)
                    .collect(Collectors.joining("\t")));
        }
    }

    /**
     * A metadata value for the terminal: the sender and recipients are the client's (a C1 control
     * such as U+009B, the 8-bit CSI, passes in a UTF-8 address), so nothing in them may drive it.
     */
    private String shown(Object value) {
        return Printable.controlsEscaped(String.valueOf(value), ctx.out().charset(), false);
    }
}
