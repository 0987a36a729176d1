package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.LmdbNativeException;
import org.lmdbjava.Txn;

/** Turns lmdbjava's exceptions into environment failures whose message says what to do. */
final class Failures {
    private Failures() {}

    static RuntimeException of(LmdbException e, StoreDirectory dir, long mapSize) {
        return of(e, dir, mapSize, dir.usableBytes());
    }

    /** With the free space of the store's file system given: for tests of a full disk. */
    static RuntimeException of(LmdbException e, StoreDirectory dir, long mapSize, long usableBytes) {
        if (e instanceof Env.AlreadyClosedException) {
            return new IllegalStateException("the LMDB store at " + dir + " is closed", e);
        }
        String what = switch (e) {
            // Bayard has no compacting copy of its own and no setting of the map size: a dump is the way to a packed store.
            case Env.MapFullException x -> "is full: its map of " + (mapSize >> 20) + " MiB, the most a Bayard store"
                    + " may grow to, is used up. The write was rolled back and the store keeps its last commit. A store"
                    + " keeps the pages it freed: 'bayard db export' it and 'bayard db import' the dump into a new, empty"
                    + " --db, which holds it packed, then use that store";
            case Txn.TxFullException x -> "refused a write that changes too many pages at once; split it into"
                    + " smaller writes. The write was rolled back";
            case Env.ReadersFullException x -> "has no free reader slot: too many read views are open across all"
                    + " processes using it. Close read views promptly";
            case Dbi.MapResizedException x -> "was grown by another process using a larger map size; every"
                    + " process must open it with the same map size";
            default -> isDamage(e) ? DAMAGED + e.getMessage() + ")" + RESTORE
                    : isWriteError(e) && usableBytes >= 0 && usableBytes < LOW_SPACE ? "could not be written: the disk is"
                    + " full (" + usableBytes + " bytes free where it lives; LMDB reports a write a full disk cut short as"
                    + " \"" + e.getMessage() + "\"). The write was rolled back and the store keeps its last commit;"
                    + " free some space (or move the store to a larger disk) and run the command again"
                    : "failed: " + e.getMessage();
        };
        String message = "LMDB store at " + dir + " " + what;
        return new UncheckedIOException(message, new IOException(message, e));
    }

    /**
     * LMDB could not open the environment: a full disk (only creating a store writes at open: the
     * data file's two meta pages) is said as such, like a write's; anything else as LMDB says it.
     */
    static UncheckedIOException ofOpen(LmdbException e, StoreDirectory dir) {
        return ofOpen(e, dir, dir.usableBytes());
    }

    /** With the free space of the store's file system given: for tests of a full disk. */
    static UncheckedIOException ofOpen(LmdbException e, StoreDirectory dir, long usableBytes) {
        java.util.Optional<String> foreign = isDenied(e) ? dir.fileOfAnotherUser() : java.util.Optional.empty();
        String what = isWriteError(e) && usableBytes >= 0 && usableBytes < LOW_SPACE
                ? "the disk is full (" + usableBytes + " bytes free where it lives; LMDB: \"" + e.getMessage() + "\")."
                        + " Nothing was stored; free some space (or put the store on a larger disk) and run the command again"
                : foreign.isPresent() ? foreign.get()
                : e.getMessage();
        String message = "cannot open LMDB store at " + dir + ": " + what;
        return new UncheckedIOException(message, new IOException(message, e));
    }

    /**
     * Below this much free space, an EIO, ENOSPC or EDQUOT from LMDB is a full disk. LMDB turns a
     * write the disk cut short into EIO ("Input/output error"), which reads like a failing disk: a
     * train on a full 20 MiB tmpfs said only that. The write that failed has already taken what was
     * left (the pages it appended stay in the file), so a full disk shows well under this.
     */
    static final long LOW_SPACE = 64L << 20;
    private static final int EIO = 5, ENOSPC = 28, EDQUOT = 122;

    private static final int EPERM = 1, EACCES = 13;

    private static boolean isDenied(LmdbException e) {
        return e instanceof LmdbNativeException n && (n.getResultCode() == EACCES || n.getResultCode() == EPERM);
    }

    private static boolean isWriteError(LmdbException e) {
        return e instanceof LmdbNativeException n
                && (n.getResultCode() == EIO || n.getResultCode() == ENOSPC || n.getResultCode() == EDQUOT);
    }

    private static final String DAMAGED = "is damaged (LMDB: ";
    private static final String RESTORE = ". Restore it from a dump ('bayard db import' into an empty --db), or move it"
            + " aside and train again; 'bayard db check' names the damaged page";

    /** LMDB's reports of a data file that is not what it wrote: corrupt pages, a foreign or mangled file. */
    static boolean isDamage(Throwable e) {
        return e instanceof LmdbNativeException.PageCorruptedException || e instanceof LmdbNativeException.PageNotFoundException
                || e instanceof LmdbNativeException.PanicException || e instanceof Env.FileInvalidException
                || e instanceof Env.VersionMismatchException || e instanceof Dbi.IncompatibleException
                // a tree deeper than LMDB's cursor stack: a store's trees are a few levels, so a cycle of pages
                || e instanceof org.lmdbjava.Cursor.FullException;
    }

    /**
     * The one-line report of {@code e} when it, or a cause, is LMDB finding the store damaged where
     * the store's own calls do not map it (a cursor of a read view, say); empty otherwise.
     */
    static java.util.Optional<String> damageReport(Throwable e) {
        return damageReport(e, "the LMDB store");
    }

    /** As {@link #damageReport(Throwable)}, naming the store in {@code dir}. */
    static java.util.Optional<String> damageReport(Throwable e, java.nio.file.Path dir) {
        return damageReport(e, "LMDB store at " + dir);
    }

    private static java.util.Optional<String> damageReport(Throwable e, String store) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LmdbException && isDamage(t)) {
                return java.util.Optional.of(store + " " + DAMAGED + t.getMessage() + ")" + RESTORE);
            }
            if (t instanceof DamagedRecordException) return java.util.Optional.of(store + " is damaged: " + t.getMessage() + RESTORE);
        }
        return java.util.Optional.empty();
    }

    /**
     * lmdbjava could not load the LMDB library (its class initializer failed, typically while
     * extracting the library to a full or read-only tmp, see {@link SharedLmdbLibrary}): one line
     * saying why and what to set, instead of an {@link ExceptionInInitializerError}'s stack trace.
     */
    static UncheckedIOException ofLibrary(LinkageError e) {
        StringBuilder causes = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            // The first line only: jnr-ffi and lmdbjava put the original error's whole stack trace
            // in their messages, which made the one line some 5,000 characters of "at ..." frames.
            String said = cause.getMessage() == null ? null : cause.getMessage().lines().findFirst().orElse("").strip();
            if (said != null && !said.isEmpty() && !causes.toString().contains(said)) {
                causes.append(causes.isEmpty() ? "" : ": ").append(said);
            }
        }
        String extractDir = SharedLmdbLibrary.extractionDirectory(System.getProperties());
        String message = "cannot load the LMDB native library (" + causes + "). It is extracted to " + extractDir
                + " (java.io.tmpdir, or lmdbjava.extract.dir when set), which must be writable, have room and allow"
                + " running code; give the JVM -Djava.io.tmpdir=DIR or -Dlmdbjava.extract.dir=DIR, or"
                + " -Dlmdbjava.native.lib=PATH of an installed liblmdb";
        return new UncheckedIOException(message, new IOException(message, e));
    }
}
