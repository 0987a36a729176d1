package org.bayard.core.store.dump;

import java.util.List;

/**
 * The dump holds messages the store already learned; adding it would count them twice, so the
 * import was refused before anything was written.
 */
public final class OverlapException extends RuntimeException {
    private final transient List<DumpImporter.Overlap> overlaps;

    OverlapException(List<DumpImporter.Overlap> overlaps) {
        super(describe(overlaps));
        this.overlaps = List.copyOf(overlaps);
    }

    public List<DumpImporter.Overlap> overlaps() {
        return overlaps;
    }

    private static String describe(List<DumpImporter.Overlap> overlaps) {
        DumpImporter.Overlap first = overlaps.getFirst();
        long conflicting = overlaps.stream().filter(o -> !o.sameClass()).count();
        String id = first.inDump().messageId().isEmpty() ? first.inDump().digest().toString() : first.inDump().messageId();
        return overlaps.size() + " message" + (overlaps.size() == 1 ? " is" : "s are")
                + " already in this store's ledger (" + conflicting + " with the other class; first: " + id
                + "); their counts would be added twice, so nothing was imported";
    }
}
