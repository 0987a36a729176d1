package org.bayard.core.quarantine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The quarantine spool: one held message per file ({@code ID.eml}) with a sidecar of metadata
 * ({@code ID.json}, opaque bytes here). An item is held exactly when its {@code .eml} exists and
 * no {@code ID.released} marker does: a release that delivered writes the marker before it
 * removes the files, so files it could not remove are never taken for an item to release again.
 * A release notes {@code ID.sending} before it sends the message's final dot, so that one cut off
 * before the next hop's answer leaves a sign that the message may have been delivered ({@link #markSending}).
 *
 * <p>{@link #hold} is durable before it returns, in this order: both files written to {@code tmp/}
 * and fsynced, the sidecar renamed into place, then the message, then the directory fsynced. A
 * crash at any point leaves either no item or a whole one; leftovers in {@code tmp/} and sidecars
 * without a message are removed when the gate recovers the spool at its start ({@link #recover}). Any failure is an {@link IOException}
 * and the caller must not claim the message was kept (no retry-then-trust after a failed fsync).
 * Every file is written private and durable by {@link PrivateDurableFiles}; the sweep after a
 * crash is {@link SpoolRecovery}'s.
 */
public final class Spool {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path dir;
    private final Path tmp;
    private final PrivateDurableFiles files;

    private Spool(Path dir) {
        this.dir = dir;
        this.tmp = dir.resolve("tmp");
        this.files = new PrivateDurableFiles(dir);
    }

    /**
     * Opens (creating if needed) without touching what is in it: for a reader (the CLI, a
     * moderator) while {@code bayard serve} may be writing to it.
     */
    public static Spool open(Path dir) throws IOException {
        Spool s = new Spool(dir);
        Files.createDirectories(s.tmp);
        return s;
    }

    /**
     * Opens and cleans up after a crash: for the one process that writes items, at its start. A
     * reader must not: {@code tmp/} then holds the writer's messages still arriving and its
     * items half renamed, and removing them (a cron job's {@code bayard quarantine expire} did)
     * turned good mail into 451s or left a held item without its sidecar.
     */
    public static Spool recover(Path dir) throws IOException {
        return recover(dir, java.time.Duration.ZERO);
    }

    /**
     * As {@link #recover(Path)}, removing only what was last written more than {@code age} ago:
     * for a writer starting while another writes to the same spool, whose files in {@code tmp/}
     * are in use, though what a crash left there long ago is not.
     */
    public static Spool recover(Path dir, java.time.Duration age) throws IOException {
        Spool s = open(dir);
        SpoolRecovery.sweep(s, s.tmp, age);
        return s;
    }

    public Path dir() {
        return dir;
    }

    public static boolean validId(String id) {
        return ID.matcher(id).matches();
    }

    private static String checked(String id) {
        if (!validId(id)) throw new IllegalArgumentException("not a quarantine id: '" + id + "'");
        return id;
    }

    /** Stores a message durably; returns only once it would survive a crash. */
    public void hold(String id, InputStream message, byte[] sidecar) throws IOException {
        checked(id);
        if (Files.exists(dir.resolve(id + ".eml"))) throw new IOException("quarantine id already in use: " + id);
        Path tmpMeta = tmp.resolve(id + ".json");
        Path tmpMsg = tmp.resolve(id + ".eml");
        boolean placed = false;
        try {
            try (FileChannel ch = files.createNew(tmpMeta)) {
                ch.write(ByteBuffer.wrap(sidecar));
                ch.force(true);
            }
            try (FileChannel ch = files.createNew(tmpMsg)) {
                OutputStream out = Channels.newOutputStream(ch);
                message.transferTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmpMeta, dir.resolve(id + ".json"), StandardCopyOption.ATOMIC_MOVE);
            placed = true;
            Files.move(tmpMsg, dir.resolve(id + ".eml"), StandardCopyOption.ATOMIC_MOVE);
            files.syncDir();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmpMeta);
            Files.deleteIfExists(tmpMsg);
            if (placed) {
                // renamed into place but not durable (the directory fsync failed): the caller answers
                // 451 and the sender retries, so an item left here would be held twice
                Files.deleteIfExists(dir.resolve(id + ".eml"));
                Files.deleteIfExists(dir.resolve(id + ".json"));
            }
            throw e;
        }
    }

    /**
     * The held ids, oldest first as the gate names them (its start time, then a counter: see
     * {@link GateIdOrder}). A file whose name is no id (Emacs' lock file {@code .#ID.eml}
     * while someone edits an item, a copy saved as "my copy.eml") is not an item: listed, its name
     * made every later step on it throw, and with it the whole listing of the desk and the CLI.
     */
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> msgs = Files.newDirectoryStream(dir, "*.eml")) {
            for (Path p : msgs) {
                String id = p.getFileName().toString().replaceFirst("\\.eml$", "");
                if (validId(id) && !released(id)) ids.add(id);
            }
        }
        ids.sort(GateIdOrder.OLDEST_FIRST);
        return ids;
    }

    public boolean contains(String id) {
        return Files.exists(dir.resolve(checked(id) + ".eml")) && !released(id);
    }

    private static final String RELEASED = ".released";

    /** Whether a release delivered the item, whatever of its files are still here. */
    public boolean released(String id) {
        return Files.exists(dir.resolve(checked(id) + RELEASED), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Records that the item was delivered, durably, before its files are removed: {@code note}
     * (who released it, and when) in {@code ID.released}, synced, and the directory synced. From
     * then on the item is no longer held, whatever happens to the removal.
     */
    public void markReleased(String id, byte[] note) throws IOException {
        files.writeMarker(dir.resolve(checked(id) + RELEASED), note);
    }

    /** The suffix of a release's note that it is sending the item's message ({@link #markSending}). */
    static final String SENDING = ".sending";

    /**
     * Records, durably, that a release is about to end the item's message to the next hop with its
     * final dot: {@code note} (who, and when) in {@code ID.sending}. Once the message's final dot is sent the
     * next hop may take it, and a release cut off before its answer (killed, the connection lost)
     * cannot tell; the note lets a later release tell that it might deliver the message twice.
     * {@link #clearSending} once the next hop answered it did not take it; {@link #remove} removes it too.
     */
    public void markSending(String id, byte[] note) throws IOException {
        files.writeMarker(dir.resolve(checked(id) + SENDING), note);
    }

    /** What {@link #markSending} noted of a release cut off while sending the item; empty when none was. */
    public java.util.Optional<String> sending(String id) throws IOException {
        try {
            byte[] note = Files.readAllBytes(dir.resolve(checked(id) + SENDING));
            return java.util.Optional.of(new String(note, java.nio.charset.StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException none) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The next hop answered that it did not take the message: no longer in doubt. Not synced: a
     * note that comes back after a crash only makes a later release ask for --force.
     */
    public void clearSending(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(checked(id) + SENDING));
    }

    /**
     * Removes what releases that delivered left behind (see {@link #markReleased}); what still
     * cannot be removed stays marked, to be tried again. The gate does at its start, and
     * {@code quarantine expire} each time it runs.
     */
    public void removeLeftOvers() throws IOException {
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(dir, "*" + RELEASED)) {
            for (Path p : markers) {
                String id = p.getFileName().toString().substring(0, p.getFileName().toString().length() - RELEASED.length());
                if (validId(id)) removeLeftOver(id);
            }
        }
    }

    /** Removes what a release that delivered left behind (its marker last); quietly, to be tried again later. */
    public void removeLeftOver(String id) {
        try {
            remove(id);
            Files.deleteIfExists(dir.resolve(checked(id) + RELEASED));
            files.syncDir();
        } catch (IOException stillThere) {
            // marked released: listed and decided by nobody; tried again at the gate's next start
        }
    }

    public Path message(String id) {
        return dir.resolve(checked(id) + ".eml");
    }

    /**
     * The sidecar, or an empty array when it is missing: also when another process decided the
     * item meanwhile (checking first, then reading, threw when that came between the two).
     */
    public byte[] sidecar(String id) throws IOException {
        try {
            return Files.readAllBytes(dir.resolve(checked(id) + ".json"));
        } catch (NoSuchFileException gone) {
            return new byte[0];
        }
    }

    /** Removes an item: the message first (the item is gone), then its sidecar. */
    public void remove(String id) throws IOException {
        Files.deleteIfExists(dir.resolve(checked(id) + ".eml"));
        Files.deleteIfExists(dir.resolve(id + ".json"));
        Files.deleteIfExists(dir.resolve(id + SENDING));
        files.syncDir();
    }
}
