package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bayard.app.gate.Blocklist;
import org.bayard.app.gate.GateService;
import org.bayard.core.quarantine.Spool;

/**
 * The files {@code bayard serve} must be able to write (or, for held mail, read), checked before
 * it starts. A store and quarantine copied or restored by root (cp -r, tar, a backup tool) for a
 * service that runs as a user of its own left serve running with some of them another user's:
 * every message to be held got 451 from then on with only {@code AccessDeniedException} in its
 * decision line, or a rejected sender was never blocklisted. Said at start, in one line with the
 * chown that gives all of it back to the service's user, the postmaster fixes it while restoring.
 */
final class ServeFiles {
    /** The store folder's files serve writes in place; the blocklist itself is only read, and replaced by a rename. */
    private static final String[] STORE_FILES = {"data.mdb", "lock.mdb", Blocklist.FILE + ".lock"};

    private ServeFiles() {}

    /** Why serve could not work with the store {@code db} and the quarantine {@code quarantine}, if it could not. */
    static Optional<String> problem(Path db, Path quarantine) throws IOException {
        List<Path> tops = new ArrayList<>();
        for (Path top : List.of(db, quarantine)) {
            if (Files.isDirectory(top)) tops.add(top);
        }
        Optional<String> unmakeable = quarantineThatCannotBeMade(quarantine);
        if (unmakeable.isPresent()) return unmakeable;
        Optional<Path> unusable = firstUnusable(db, quarantine);
        if (unusable.isEmpty()) return Optional.empty();
        Path file = unusable.get();
        String me = System.getProperty("user.name");
        String all = String.join(" ", tops.stream().map(Path::toString).toList());
        String what = file.startsWith(GateService.putOffJournal(quarantine))
                ? "writes put off behind another process's lock could not be kept for a restart, nor those a serve left there made"
                : file.startsWith(quarantine) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                ? "this held message could not be read, released or discarded"
                : file.startsWith(quarantine) ? "mail to be held would get 451 and held mail could not be read"
                : file.getFileName().toString().startsWith(Blocklist.FILE) ? "rejected senders could not be blocklisted"
                : "the store could not be written";
        if (onReadOnlyFileSystem(file)) {
            return Optional.of(file + " is on a read-only file system, so " + what + "; mount it writable (under systemd's"
                    + " ProtectSystem=strict or ReadOnlyPaths=, name it in ReadWritePaths=)");
        }
        String owner;
        String mode;
        try {
            owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
            mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of(file + " cannot be used by this user (" + me + "), so " + what
                    + "; give the store and the quarantine to the user the service runs as");
        }
        if (owner.equals(me) && mode.startsWith("rw")) {
            // the mode allows it, so chmod cannot help: chattr +i (a restore that kept attributes), an ACL or a security module
            return Optional.of(file + " is not writable though its mode allows it (" + mode + "), so " + what
                    + "; is it immutable (lsattr -d " + file + "; chattr -i)?");
        }
        if (owner.equals(me)) {
            return Optional.of(file + " is not " + (Files.isDirectory(file) ? "writable" : "readable and writable") + " (" + mode
                    + "), so " + what + "; make it so (chmod -R u+rwX " + all + ")");
        }
        boolean read = (file.getFileName().toString().endsWith(".json") || file.getFileName().toString().equals(Blocklist.FILE))
                && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        String verb = read ? "read" : "write";
        return Optional.of(file + " belongs to " + owner + " (" + mode + ") and this user (" + me + ") may not " + verb + " it, so "
                + what + " (restored or copied as " + owner + "?); give the store and the quarantine to the user the service"
                + " runs as (chown -R " + me + " " + all + ")");
    }

    /**
     * A quarantine that is not there yet (smtp.quarantine: /var/spool/bayard, say) in a folder the
     * service's user may not write: serve said only "/var/spool/bayard: permission denied".
     */
    private static Optional<String> quarantineThatCannotBeMade(Path quarantine) throws IOException {
        if (Files.exists(quarantine, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        Path parent = quarantine.toAbsolutePath().getParent();
        while (parent != null && !Files.exists(parent)) parent = parent.getParent();
        if (parent == null || !Files.isDirectory(parent) || writable(parent)) return Optional.empty();
        String me = System.getProperty("user.name");
        String whose;
        try {
            whose = " (it belongs to " + Files.getOwner(parent).getName() + ", "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(parent)) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            whose = "";
        }
        return Optional.of("the quarantine " + quarantine + " is not there, and this user (" + me + ") may not make it in "
                + parent + whose + "; make it for the user the service runs as (install -d -o " + me + " -m 700 "
                + quarantine.toAbsolutePath() + ")");
    }

    private static Optional<Path> firstUnusable(Path db, Path quarantine) throws IOException {
        if (Files.isDirectory(db) && !writable(db)) return Optional.of(db);
        for (String name : STORE_FILES) {
            Path f = db.resolve(name);
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS) && !usable(f)) return Optional.of(f);
        }
        Path blocklist = db.resolve(Blocklist.FILE);
        if (Files.exists(blocklist, LinkOption.NOFOLLOW_LINKS) && !Files.isReadable(blocklist)) return Optional.of(blocklist);
        if (!Files.isDirectory(quarantine)) return Optional.empty(); // made at start, by this user
        if (!writable(quarantine)) return Optional.of(quarantine);
        Path tmp = quarantine.resolve("tmp");
        if (Files.isDirectory(tmp) && !writable(tmp)) return Optional.of(tmp);
        Optional<Path> journal = unusableJournal(GateService.putOffJournal(quarantine));
        if (journal.isPresent()) return journal;
        try (DirectoryStream<Path> items = Files.newDirectoryStream(quarantine, "*.{eml,json}")) {
            for (Path item : items) {
                String id = item.getFileName().toString().replaceFirst("\\.(eml|json)$", "");
                if (!Spool.validId(id) || !Files.isRegularFile(item, LinkOption.NOFOLLOW_LINKS)) continue;
                // a decision locks the message for writing (so two cannot decide it at once): read-only, it stays held for good
                boolean message = item.getFileName().toString().endsWith(".eml");
                if (message ? !usable(item) : !Files.isReadable(item)) return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    /**
     * The first part of the put-off journal serve could not use: the folder, a gate's folder in it
     * (whose entries a start moves out and whose lock file it takes), or an entry (read and moved).
     */
    private static Optional<Path> unusableJournal(Path journal) throws IOException {
        if (!Files.isDirectory(journal, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        if (!writable(journal)) return Optional.of(journal);
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(journal)) {
            for (Path folder : folders) {
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) continue;
                if (!writable(folder)) return Optional.of(folder);
                if (folder.getFileName().toString().equals("set-aside")) continue; // only moved into
                try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                    for (Path f : files) {
                        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !usable(f)) return Optional.of(f);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Whether writing in {@code file}'s folder fails for its file system rather than its owner or mode.
     * A read-only bind mount (ProtectSystem=strict) is on the device of the writable mount above it,
     * where Java's file store lookup stops: only a write tells. Asked only of what was found not
     * writable, so the probe is normally refused and makes nothing.
     */
    private static boolean onReadOnlyFileSystem(Path file) {
        Path dir = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? file : file.getParent();
        if (Files.isWritable(dir)) return false; // a folder that can be written is on a writable file system
        try {
            if (Files.getFileStore(dir).isReadOnly()) return true;
            Files.deleteIfExists(Files.createTempFile(dir, ".bayard-write-probe", null));
            return false;
        } catch (java.nio.file.FileSystemException e) {
            return "Read-only file system".equals(e.getReason());
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean writable(Path dir) {
        return Files.isWritable(dir) && Files.isExecutable(dir);
    }

    private static boolean usable(Path file) {
        return Files.isReadable(file) && Files.isWritable(file);
    }
}
