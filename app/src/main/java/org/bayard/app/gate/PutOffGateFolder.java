package org.bayard.app.gate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The folder one running gate writes its put-off entries into ({@code put-off/PID-START-N/}),
 * with the lock that tells other gates it is alive ({@code gate.lock}) and the file naming its
 * store ({@code store}). Apart from {@link PutOffJournal} so that how a folder is made, marked,
 * recognised as this JVM's and let go of is in one place, beside what the journal keeps in it.
 */
final class PutOffGateFolder {
    static final String LOCK_FILE = "gate.lock";
    /** In a gate's folder: the store its writes go to, so that only a gate of that store makes them. */
    static final String STORE_FILE = "store";

    /** The journal folders of this JVM's gates (tests run several): never taken over, never even opened by another. */
    private static final Set<Path> OURS = ConcurrentHashMap.newKeySet();
    private static final AtomicLong STARTED = new AtomicLong();

    private final Path root;
    /** This gate's folder, made when first needed. */
    private final Path dir;
    /** The store this gate writes to, as {@link PutOffJournal#storeOf} names it. */
    private final String store;
    /** Holds the lock on this gate's folder once it is made; null before. */
    private FileChannel lockChannel;
    /** The number of the last entry named in this folder. */
    private final AtomicLong sequence = new AtomicLong();

    private PutOffGateFolder(Path root, Path dir, String store) {
        this.root = root;
        this.dir = dir;
        this.store = store;
    }

    /** The folder of a gate starting now, in the journal {@code root}; not made until {@link #own}. */
    static PutOffGateFolder ofNewGate(Path root, String store) {
        String name = ProcessHandle.current().pid() + "-" + Long.toString(System.currentTimeMillis(), 36) + "-"
                + STARTED.incrementAndGet();
        Path dir = root.resolve(name);
        OURS.add(dir);
        return new PutOffGateFolder(root, dir, store);
    }

    /** Whether {@code folder} is the folder of a gate of this JVM, running or not made yet. */
    static boolean ofThisJvm(Path folder) {
        return OURS.contains(folder);
    }

    Path path() {
        return dir;
    }

    /** The number for the next entry named in this folder. */
    long nextNumber() {
        return sequence.incrementAndGet();
    }

    /**
     * Makes this gate's folder and locks it, the first time; throws when it cannot. The folder is
     * made and locked under another name, then renamed: a gate starting meanwhile must never find
     * it unlocked, take it for a dead gate's, and remove it under this one.
     */
    synchronized void own() throws IOException {
        if (lockChannel != null) return;
        FileChannel channel = null;
        Path making = root.resolve(".new-" + dir.getFileName());
        try {
            Files.createDirectories(making);
            channel = FileChannel.open(making.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.tryLock() == null) throw new IOException("its lock is held by another process");
            writeStore(making);
            Files.move(making, dir, StandardCopyOption.ATOMIC_MOVE);
            sync(root);
            lockChannel = channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new IOException("cannot use the journal " + root + ": " + e.getMessage(), e);
        }
    }

    /** Names this gate's store in its folder, before the folder is seen under its name. */
    private void writeStore(Path folder) throws IOException {
        Path file = folder.resolve(STORE_FILE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((store + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }

    /**
     * The store a folder's gate wrote to; empty when the folder does not say (one written before
     * folders named their store: taken over by any gate, as then).
     */
    static Optional<String> storeIn(Path folder) throws IOException {
        Path file = folder.resolve(STORE_FILE);
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        String named = Files.readString(file, StandardCharsets.UTF_8).strip();
        return named.isEmpty() ? Optional.empty() : Optional.of(named);
    }

    /**
     * Lets go of this gate's folder: removed when empty, else left for the next gate to start,
     * which makes what is in it.
     */
    synchronized void close() {
        if (lockChannel == null) {
            OURS.remove(dir);
            return;
        }
        try {
            boolean empty;
            try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir, "*" + PutOffJournal.SUFFIX)) {
                empty = !rest.iterator().hasNext();
            }
            if (empty) {
                Files.deleteIfExists(dir.resolve(STORE_FILE));
                Files.deleteIfExists(dir.resolve(LOCK_FILE));
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            // an empty folder left behind: the next start removes it
        } finally {
            closeQuietly(lockChannel);
            OURS.remove(dir);
        }
    }

    /** Fsyncs the folder {@code d}, so that a rename in it survives a crash. */
    static void sync(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
