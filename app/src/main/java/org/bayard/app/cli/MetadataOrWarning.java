package org.bayard.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import org.bayard.app.gate.Quarantine;
import org.bayard.core.IoProblem;

/**
 * A held item's metadata as {@code quarantine list}, {@code show} and {@code expire} read it:
 * where one item's sidecar is damaged, or the item was decided since the queue was listed, each
 * goes on with the rest. Its own class because three actions share this one rule. Not named
 * HeldMetadata: that is the gate's class in this module which writes the sidecar.
 */
final class MetadataOrWarning {
    private MetadataOrWarning() {}

    /**
     * An item's metadata, or none with a warning naming its damaged sidecar: one bad file must not
     * hide the rest of the queue from list, nor stop expire half way (expire keeps such an item).
     * Empty when the item is no longer held: the page or another command decided it since this
     * one listed the queue, which is no damage to warn about (expire said "no readable 'received'
     * time in its sidecar; kept" of every item another expire run had just discarded).
     */
    static Optional<Map<String, Object>> read(Quarantine q, String id, PrintStream err) {
        try {
            return q.metadataIfHeld(id);
        } catch (IOException e) {
            if (!q.spool().contains(id)) return Optional.empty();
            err.println("bayard: warning: " + id + ": " + IoProblem.describe(e));
            return Optional.of(Map.of());
        }
    }
}
