package org.bayard.store.lmdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bayard.core.IoProblem;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directory an LMDB store lives in: created when missing, checked before LMDB sees it, and
 * claimed so that one process never opens it twice. LMDB forbids two environments on the same
 * files in one process: its locks are per process, so closing the second copy would silently
 * drop the locks the first still relies on.
 */
final class StoreDirectory {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path path;

    private StoreDirectory(Path path) {
        this.path = path;
    }

    /** Creates the directory if needed, checks it, and claims it for this process. */
    static StoreDirectory claim(Path dir) {
        Path real = prepare(dir);
        if (!OPEN.add(real)) {
            throw new IllegalStateException("LMDB store at " + real + " is already open in this process;"
                    + " share that TokenStore instead of opening the directory twice");
        }
        return new StoreDirectory(real);
    }

    /**
     * Claims the directory of an existing store for reading: nothing is created, and a directory
     * that holds no store (no data file) is refused rather than made one.
     */
    static StoreDirectory claimExisting(Path dir) {
        Path real;
        try {
            if (!Files.isRegularFile(dir.resolve(DATA_FILE))) {
                String message = "cannot read LMDB store at " + dir + ": "
                        + (Files.exists(dir) && !Files.isDirectory(dir) ? "it is a file, and the store is a directory"
                        : Files.isDirectory(dir) && !Files.isExecutable(dir) ? "the directory cannot be read" + whose(dir)
                        : "it holds no store (no " + DATA_FILE + ")");
                throw new UncheckedIOException(message, new IOException(message));
            }
            real = dir.toRealPath();
        } catch (IOException e) {
            String message = "cannot read LMDB store at " + dir + ": " + reason(e);
            throw new UncheckedIOException(message, new IOException(message, e));
        }
        if (!OPEN.add(real)) {
            throw new IllegalStateException("LMDB store at " + real + " is already open in this process;"
                    + " share that TokenStore instead of opening the directory twice");
        }
        return new StoreDirectory(real);
    }

    /**
     * Why this process could not write the existing store in {@code dir} (its directory or one
     * of its files), in a few words; empty when it could. Asks the file system only: nothing is
     * opened or created.
     */
    static java.util.Optional<String> whyNotWritable(Path dir) {
        if (!Files.isWritable(dir)) return java.util.Optional.of("the directory " + dir + " is not writable" + whose(dir));
        return new StoreDirectory(dir).fileOfAnotherUser();
    }

    /**
     * Refuses to read a store whose lock.mdb this process cannot write: LMDB keeps a writer off
     * the pages a reader is reading only through the reader's slot there, and reading without it
     * (MDB_NOLOCK) lets a writer that starts meanwhile reuse those pages mid-read. A missing lock
     * file is made only where this user may write the folder (its owner's); another user's reading
     * command creates nothing in the store. The one line names the way out.
     */
    void requireWritableLockFile() {
        Path lock = path.resolve(LOCK_FILE);
        if (Files.isRegularFile(lock) && Files.isWritable(lock)) return;
        // None at all (a data file copied alone) in a folder this user may write: made here, whole,
        // as any open made it before there were read-only opens; its owner was told to run as itself.
        if (!Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.isWritable(path)) {
            createLockFileWhole();
            return;
        }
        String message = "cannot read LMDB store at " + path + ": " + whyLockFileUnusable(lock);
        throw new UncheckedIOException(message, new IOException(message));
    }

    private String whyLockFileUnusable(Path lock) {
        String why = ", where LMDB records each reader to keep a writer off the pages it reads";
        try {
            // Probed only when the directory is not writable: in a writable one the probe would be a file made in the store.
            if (!Files.isWritable(path) && onReadOnlyFileSystem(path)) {
                return "it is on a read-only file system, so this reader cannot record itself in " + LOCK_FILE + why
                        + "; read a copy of the store (cp -a " + path + " COPY) instead";
            }
            String owner = Files.getOwner(path.resolve(DATA_FILE)).getName();
            if (!Files.isRegularFile(lock)) {
                return "it has no " + LOCK_FILE + why + "; run bayard as the store's owner (" + owner
                        + "), whose commands that write the store make it, then let the reading users write it"
                        + " (chgrp GROUP " + lock + "; chmod g+w " + lock + ")";
            }
            return LOCK_FILE + " belongs to " + Files.getOwner(lock).getName() + " ("
                    + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(lock))
                    + ") and this user (" + System.getProperty("user.name") + ") may not write it" + why
                    + "; make it group-writable for the reading users (chgrp GROUP " + lock + "; chmod g+w " + lock
                    + "; LMDB keeps the mode), or run as " + owner;
        } catch (IOException | UnsupportedOperationException e) {
            return "this user may not write " + lock + why + "; let the reading users write it, or run as the store's owner";
        }
    }

    private static Path prepare(Path dir) {
        String problem;
        try {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                problem = "it is a file, and the store is a directory";
            } else {
                makeFoldersOfTheirParentsOwner(dir);
                if (!Files.isWritable(dir)) {
                    problem = "the directory is not writable" + whose(dir) + " (LMDB creates its lock file there)" + wayOut(dir);
                } else {
                    return dir.toRealPath();
                }
            }
        } catch (FileSystemException e) {
            problem = (e.getFile() != null && !Path.of(e.getFile()).equals(dir) ? e.getFile() + ": " : "") + reason(e);
        } catch (IOException e) {
            problem = reason(e);
        }
        String message = "cannot use " + dir + " as an LMDB store directory: " + problem;
        throw new UncheckedIOException(message, new IOException(message));
    }

    /**
     * Creates {@code dir} and its missing parents, each given to its parent folder's owner when
     * root made it (see {@link FolderOwner}): {@code sudo bayard learn --db /var/lib/bayard/db} in
     * the folder of a service that runs as a user of its own made a store folder the service could
     * not write. Given from the top down, so each gets the owner its parent has been given.
     */
    private static void makeFoldersOfTheirParentsOwner(Path dir) throws IOException {
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing.push(p);
        }
        Files.createDirectories(dir);
        for (Path made : missing) FolderOwner.give(made);
    }

    /**
     * Why a directory is not writable, in a few words: on a read-only file system, or whose it is
     * and its mode (a store made by {@code sudo bayard learn} for a {@code bayard serve} that runs
     * as a user of its own); empty when that cannot be read.
     */
    private static String whose(Path dir) {
        try {
            if (onReadOnlyFileSystem(dir)) return " (it is on a read-only file system)";
            return " (it belongs to " + Files.getOwner(dir).getName() + ", "
                    + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)) + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /**
     * What to do about a store directory this user cannot write, as {@link #fileOfAnotherUser()}
     * says it of the store's files: a store made by {@code sudo bayard learn} was refused to the
     * service's user with its owner named but not the chown that ends it. Empty on a read-only
     * file system, which {@link #whose} names already and no chown can fix.
     */
    private static String wayOut(Path dir) {
        try {
            if (onReadOnlyFileSystem(dir)) return "";
            String owner = Files.getOwner(dir).getName();
            String me = System.getProperty("user.name");
            if (owner.equals(me)) return "; make it so (chmod u+w " + dir + ")";
            return ". Run bayard as " + owner + asThePipe(owner) + ", or, if " + owner + " does not use the store, give it to this"
                    + " user (chown -R " + me + " " + dir + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    /**
     * How a mail system runs bayard as the store's owner. The chown beside it is for a store no one
     * else uses: a trap's alias, which Postfix's local(8) runs as nobody, was told to give the
     * service's store to nobody, and the service then refused to start.
     */
    private static String asThePipe(String owner) {
        return " (for a mail system's pipe, a pipe(8) transport with user=" + owner + ")";
    }

    /**
     * Whether writes to {@code dir} fail for its file system rather than its mode. A bind mount
     * made read-only (systemd's ProtectSystem=strict, ReadOnlyPaths=) is on the same device as the
     * writable mount above it, where Java's file store lookup stops: only a write tells. Asked
     * only once the directory is known not to be writable, so the probe file is never made.
     */
    private static boolean onReadOnlyFileSystem(Path dir) throws IOException {
        if (Files.getFileStore(dir).isReadOnly()) return true;
        try {
            Files.deleteIfExists(Files.createTempFile(dir, ".bayard-write-probe", null));
            return false;
        } catch (FileSystemException e) {
            return "Read-only file system".equals(e.getReason());
        }
    }

    /** The reason in the words of {@code ls}; a file where a directory should be is "not a directory". */
    static String reason(IOException e) {
        return e instanceof FileAlreadyExistsException ? "not a directory" : IoProblem.reason(e);
    }

    /**
     * Why this process may not use the store's files, when one of them is another user's or not
     * writable here: LMDB opens both for reading and writing to write the store, and says only
     * "Permission denied". The usual cause is a store made by {@code sudo bayard learn} for a
     * {@code bayard serve} that runs as a user of its own, or the other way round.
     */
    java.util.Optional<String> fileOfAnotherUser() {
        String me = System.getProperty("user.name");
        for (String name : new String[] {DATA_FILE, LOCK_FILE}) {
            Path file = path.resolve(name);
            try {
                String owner = Files.getOwner(file).getName();
                if (Files.isReadable(file) && Files.isWritable(file)) continue;
                String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
                if (owner.equals(me)) {
                    return java.util.Optional.of(name + " is not writable (" + mode + "), which LMDB needs to write the store;"
                            + " make it so (chmod u+rw " + file + ")");
                }
                return java.util.Optional.of(name + " belongs to " + owner + " (" + mode + ") and this user (" + me + ")"
                        + " may not write it, which LMDB needs to write the store. Run bayard as " + owner + asThePipe(owner)
                        + ", or, if " + owner + " does not use the store, give it to this user (chown " + me + " " + path.resolve(DATA_FILE) + " " + path.resolve(LOCK_FILE) + ")");
            } catch (IOException | UnsupportedOperationException e) {
                // missing, or no owners and modes here: not the cause this looks for
            }
        }
        return java.util.Optional.empty();
    }

    Path path() {
        return path;
    }

    /** The names of LMDB's two files in a store directory. */
    static final String DATA_FILE = "data.mdb";
    static final String LOCK_FILE = "lock.mdb";

    Path dataFile() {
        return path.resolve(DATA_FILE);
    }

    /**
     * Whether the data file is missing or empty, so that LMDB is about to create the store in it
     * (an empty one is what a kill leaves between LMDB creating the file and its first write).
     */
    boolean dataFileEmpty() {
        try {
            return !Files.exists(dataFile(), java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(dataFile()) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Size of the data file; LMDB never shrinks it, so this is the space the store holds. */
    long bytesOnDisk() {
        try {
            return Files.size(dataFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + dataFile(), e);
        }
    }

    /**
     * Creates a missing lock file with every byte written, before LMDB opens the directory. LMDB
     * creates it as a sparse file (ftruncate) and maps it; on a full disk the first store to touch
     * a page of it has no block to get and the JVM dies with SIGBUS in mdb_env_setup_locks (a
     * {@code learn} into a new store on a full 20 MiB tmpfs crashed with an hs_err file). Written
     * under a temporary name and linked into place only if still missing, so a process that opens
     * the store meanwhile never sees a lock file half written; LMDB initialises a file of zeros
     * as it does the one it creates. The mode is LMDB's (rw-rw-r-- less the umask).
     */
    void createLockFileWhole() {
        Path lock = path.resolve(LOCK_FILE);
        if (Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        Path temp = path.resolve(".lock.mdb." + ProcessHandle.current().pid() + ".partial");
        try {
            try {
                Files.deleteIfExists(temp);
                createWithLmdbMode(temp);
                try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ByteBuffer zeros = ByteBuffer.allocate(LOCK_FILE_BYTES);
                    while (zeros.hasRemaining()) ch.write(zeros);
                    ch.force(true);
                }
                FolderOwner.give(temp); // before it has its name, so no process finds it root's
                Files.createLink(lock, temp);
            } catch (FileAlreadyExistsException e) {
                // another process made it meanwhile: that one is used
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            String message = "cannot create " + lock + ": " + reason(e);
            throw new UncheckedIOException(message, new IOException(message, e));
        }
    }

    /** Whether there is no data file yet, so that LMDB's open will create it. */
    boolean dataFileMissing() {
        return !Files.exists(dataFile(), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Gives the data file that LMDB has just created for this process to the folder's owner (when
     * root made it, see {@link FolderOwner}). Called right after LMDB's open and before the store
     * is used. Not made by us beforehand under another name, as the lock file is: LMDB writes its
     * first pages within the open that creates the file, and an empty file made ahead of it (the
     * native library loads in between) was left by an import killed at that moment, refused
     * since as a store cut short.
     */
    void giveNewDataFileToFolderOwner() {
        FolderOwner.give(dataFile());
    }

    private static void createWithLmdbMode(Path file) throws IOException {
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    /**
     * LMDB's lock file for {@link LmdbTokenStore#MAX_READERS} readers on 64-bit Linux: a header of
     * three cache lines and a cache line per reader after the first. A larger file would give
     * LMDB more reader slots; a smaller one it extends itself.
     */
    static final int LOCK_FILE_BYTES = 3 * 64 + (LmdbTokenStore.MAX_READERS - 1) * 64;

    /** Free space on the directory's file system for this process, or -1 when it cannot be read. */
    long usableBytes() {
        try {
            return Files.getFileStore(path).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    void release() {
        OPEN.remove(path);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
