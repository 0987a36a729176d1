package org.bayard.core.mailbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The Maildir rules the walk of {@link MailInputs} follows: which folder is a Maildir, how a
 * message's name carries its flags, and where a message renamed under the walk went. Why a
 * class of its own: these are Maildir's naming conventions (and the variants mail clients
 * write), apart from the order and the files the walk reads.
 */
final class Maildir {
    private Maildir() {}

    /**
     * Two of {@code cur}, {@code new} and {@code tmp}: a copy that drops empty folders (git,
     * some archivers) leaves a Maildir without one of them, and read as a plain folder its
     * {@code tmp} (deliveries cut short) was learned as mail.
     */
    static boolean is(Path dir) {
        int found = 0;
        for (String sub : List.of("cur", "new", "tmp")) {
            if (Files.isDirectory(dir.resolve(sub))) found++;
        }
        return found >= 2;
    }

    /**
     * A Maildir message flagged T (its name ends {@code :2,} and flags with a T): its reader
     * deleted it and the server has not yet expunged it. It is often a spam moved to Junk, its
     * copy left in the inbox, which learning the inbox as ham would learn as ham.
     *
     * <p>Where a file name may not hold {@code :} (Windows, and folders synced or mounted from
     * it) mail clients write {@code ;2,} or {@code !2,} instead, so all three introduce the
     * flags. Flags are letters only (Dovecot's keywords are lower case), so a separator followed
     * by anything else is part of the unique name, not the info.
     */
    static boolean trashed(String name) {
        int info = infoStart(name);
        return info >= 0 && name.indexOf('T', info) >= 0;
    }

    private static final List<String> INFO_SEPARATORS = List.of(":2,", ";2,", "!2,");

    /**
     * Where a Maildir message listed by the walk is now, or null if it left the Maildir. A live
     * Maildir renames its messages while it is read: the IMAP server moves one from new/ to cur/
     * once a client has seen it, and renames one in cur/ when its flags change (read, replied),
     * keeping the part of the name before the info, which is unique in the Maildir. Each such
     * message was skipped as missing, the run exiting 1, though it was still in the folder.
     */
    static Path renamed(Path listed) {
        String unique = uniqueName(listed.getFileName().toString());
        Path maildir = listed.getParent().getParent();
        for (String sub : List.of("new", "cur")) {
            // a scan of the folder, once per message renamed under the walk: that is rare
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(maildir.resolve(sub))) {
                for (Path e : entries) {
                    String other = e.getFileName().toString();
                    if (other.equals(unique)) return e;
                    if (other.startsWith(unique) && infoStart(other) == unique.length() + 3) return e;
                }
            } catch (IOException e) {
                // the folder is gone or unreadable: look in the other one
            }
        }
        return null;
    }

    /** A Maildir message's name without its info (the flags): what stays when it is moved or flagged. */
    static String uniqueName(String name) {
        int info = infoStart(name);
        return info < 0 ? name : name.substring(0, info - 3);
    }

    /** Where the flags of a Maildir name begin, or -1 if the name has no info part. */
    private static int infoStart(String name) {
        int separator = -1;
        for (String s : INFO_SEPARATORS) separator = Math.max(separator, name.lastIndexOf(s));
        if (separator < 0) return -1;
        int flags = separator + 3;
        for (int i = flags; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) return -1;
        }
        return flags;
    }
}
