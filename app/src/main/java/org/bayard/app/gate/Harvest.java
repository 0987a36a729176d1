package org.bayard.app.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.bayard.core.policy.Decision;
import org.bayard.core.policy.PolicyParams;
import org.bayard.smtp.SpooledMessage;

/**
 * Harvest mode: a copy of every filtered message, saved before the gate acts on it, into a folder
 * named for what happened to it ({@code accepted}, {@code caught-spam}, {@code rejected-spam},
 * {@code virus}, {@code blocklisted}, {@code unsure}). It collects a site's own corpus for
 * training and evaluation. On when the configuration says so or while the flag file exists (looked
 * at for every message, so {@code touch} and {@code rm} switch it live). Copies are written to a
 * temporary name and renamed, so a folder never holds half a message; they are not fsynced, since
 * the mail itself does not depend on them.
 */
final class Harvest {
    static final String ACCEPTED = "accepted";
    static final String CAUGHT_SPAM = "caught-spam";
    static final String REJECTED_SPAM = "rejected-spam";
    static final String VIRUS = "virus";
    static final String BLOCKLISTED = "blocklisted";
    static final String UNSURE = "unsure";

    private final boolean on;
    private final Path dir;
    private final Optional<Path> flagFile;
    /**
     * Free space in MiB below which no copy is saved: twice smtp.min-free-mb, 0 for none. Harvest
     * left on (a flag file forgotten) filled the disk that the store and the quarantine share with
     * it by default, and then the gate answered 452 to all mail: a convenience stopped the mail.
     * Twice the gate's own threshold, so that harvesting stops well before the gate refuses.
     */
    private final long floorMb;

    Harvest(boolean on, Path dir, Optional<Path> flagFile, int minFreeMb) {
        this.on = on;
        this.dir = dir;
        this.flagFile = flagFile;
        this.floorMb = 2L * minFreeMb;
    }

    boolean active() {
        return on || flagFile.map(Files::exists).orElse(false);
    }

    /**
     * The harvest folder: what the gate does with the mail. Spam held after the queue instead of
     * rejected is in the quarantine, as spam held by score is (caught-spam); discarded after the
     * queue it is kept nowhere, as rejected spam is (rejected-spam).
     */
    static String disposition(Decision d, boolean unsure, boolean heldInsteadOfRejected) {
        boolean executable = d.symbols().stream().anyMatch(s -> s.name().equals(PolicyParams.EXECUTABLE_ATTACHMENT));
        return switch (d.action()) {
            case REJECT -> executable ? VIRUS : heldInsteadOfRejected ? CAUGHT_SPAM : REJECTED_SPAM;
            case HOLD -> unsure ? UNSURE : executable ? VIRUS : CAUGHT_SPAM;
            case TAG -> CAUGHT_SPAM;
            case ACCEPT -> ACCEPTED;
        };
    }

    /** Saves a copy as {@code DIR/disposition/QUEUEID.eml}; returns where. */
    Path save(String disposition, String queueId, SpooledMessage message) throws IOException {
        requireRoom();
        Path folder = dir.resolve(disposition);
        Files.createDirectories(folder);
        Path tmp = folder.resolve("." + queueId + ".tmp");
        Path done = folder.resolve(queueId + ".eml");
        try (InputStream in = message.open()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return done;
    }

    /** Refuses to save while the harvest folder's file system has less than {@link #floorMb} free. */
    private void requireRoom() throws IOException {
        if (floorMb == 0) return;
        Path existing = dir.toAbsolutePath();
        while (existing.getParent() != null && !Files.exists(existing)) existing = existing.getParent();
        long freeMb = Files.getFileStore(existing).getUsableSpace() >> 20;
        if (freeMb < floorMb) {
            throw new IOException("less than " + floorMb + " MiB (twice smtp.min-free-mb) free at " + dir
                    + ", so no harvest copy is saved until there is room (move away what was harvested)");
        }
    }
}
