package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.LmdbException;
import org.lmdbjava.Txn;

/** Turns lmdbjava's exceptions into environment failures whose message says what to do. */
final class Failures {
    private Failures() {}

    static RuntimeException of(LmdbException e, StoreDirectory dir, long mapSize) {
        if (e instanceof Env.AlreadyClosedException) {
            return new IllegalStateException("the LMDB store at " + dir + " is closed", e);
        }
        String what = switch (e) {
            case Env.MapFullException x -> "is full: its map of " + (mapSize >> 20) + " MiB is used up. The write was"
                    + " rolled back. Compact the store (a compacting copy), or raise the map size in every"
                    + " process that opens it";
            case Txn.TxFullException x -> "refused a write that changes too many pages at once; split it into"
                    + " smaller writes. The write was rolled back";
            case Env.ReadersFullException x -> "has no free reader slot: too many read views are open across all"
                    + " processes using it. Close read views promptly";
            case Dbi.MapResizedException x -> "was grown by another process using a larger map size; every"
                    + " process must open it with the same map size";
            default -> "failed: " + e.getMessage();
        };
        String message = "LMDB store at " + dir + " " + what;
        return new UncheckedIOException(message, new IOException(message, e));
    }

    /**
     * lmdbjava could not load the LMDB library (its class initializer failed, typically while
     * extracting the library to a full or read-only tmp, see {@link SharedLmdbLibrary}): one line
     * saying why and what to set, instead of an {@link ExceptionInInitializerError}'s stack trace.
     */
    static UncheckedIOException ofLibrary(LinkageError e) {
        StringBuilder causes = new StringBuilder();
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !causes.toString().contains(cause.getMessage())) {
                causes.append(causes.isEmpty() ? "" : ": ").append(cause.getMessage());
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
