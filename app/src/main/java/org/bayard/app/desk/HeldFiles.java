package org.bayard.app.desk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.bayard.app.gate.Quarantine;

/**
 * The held items' files as the desk may read them: an item is opened only after its id was found
 * in the spool's own listing, as a regular file (no symbolic links) directly in the spool
 * directory, and one another process decided meanwhile is simply not there. Apart from the desk's
 * answers so that every way in (the queue, a view, the raw message, a decision) goes through the
 * same checks.
 */
final class HeldFiles {
    private final Quarantine quarantine;
    /**
     * Runs with an item's id just before its message, found a regular file in the spool, is
     * opened: where a test lets another process decide the item, as one may at that moment.
     */
    private volatile Consumer<String> beforeOpening = id -> {};

    HeldFiles(Quarantine quarantine) {
        this.quarantine = quarantine;
    }

    void beforeOpening(Consumer<String> hook) {
        beforeOpening = hook;
    }

    boolean listed(String id) throws IOException {
        return quarantine.ids().contains(id);
    }

    /**
     * The item's sidecar; when it is damaged, just a reason saying so: one bad file made the
     * whole listing, and the queue page, answer 500 (the CLI lists such an item with a warning).
     */
    Map<String, Object> metadata(String id) throws IOException {
        try {
            return quarantine.metadata(id);
        } catch (Quarantine.DamagedSidecar e) {
            return Map.of("reason", "damaged metadata: " + id + ".json is not the JSON object the gate writes");
        }
    }

    /** The item's bytes (at most {@code limit}), only for an id the spool lists, from a regular file in the spool itself. */
    Optional<byte[]> read(String id, int limit) throws IOException {
        return listed(id) ? readListed(id, limit) : Optional.empty();
    }

    /** Whether the item is held now: listed, and its message a file the desk may open. */
    boolean holds(String id) throws IOException {
        if (!listed(id)) return false;
        Optional<InputStream> file = openListed(id);
        if (file.isEmpty()) return false;
        file.get().close(); // opened, not read: a release or discard reads it later, streamed
        return true;
    }

    /** Whether the file is directly in the spool, links resolved (none of its own is followed). */
    private boolean inSpool(Path p) throws IOException {
        return p.toRealPath(LinkOption.NOFOLLOW_LINKS).getParent().equals(quarantine.spool().dir().toRealPath());
    }

    /** As {@link #read}, for an id just found in the spool's listing. */
    Optional<byte[]> readListed(String id, int limit) throws IOException {
        Optional<InputStream> file = openListed(id);
        if (file.isEmpty()) return Optional.empty();
        try (InputStream in = file.get()) {
            return Optional.of(in.readNBytes(limit));
        }
    }

    /** The item's message, opened to read, only for an id the spool lists (see {@link #openListed}). */
    Optional<InputStream> open(String id) throws IOException {
        return listed(id) ? openListed(id) : Optional.empty();
    }

    /**
     * The held message's file, opened to read, for an id just found in the spool's listing: only a
     * regular file directly in the spool (no link followed); empty when it is not one, or when
     * another process (a command, another serve) decided the item since the listing, which is no
     * error.
     */
    private Optional<InputStream> openListed(String id) throws IOException {
        Path p = quarantine.spool().message(id);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        beforeOpening.accept(id);
        try {
            if (!inSpool(p)) return Optional.empty();
            return Optional.of(Channels.newInputStream(Files.newByteChannel(p, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)));
        } catch (NoSuchFileException decidedMeanwhile) {
            return Optional.empty();
        }
    }

    /** The size of a held message's file, or 0 when there is none (the view then finds nothing). */
    long size(String id) throws IOException {
        Path p = quarantine.spool().message(id);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return 0;
        beforeOpening.accept(id);
        try {
            return Files.size(p);
        } catch (NoSuchFileException decidedMeanwhile) {
            return 0;
        }
    }
}
