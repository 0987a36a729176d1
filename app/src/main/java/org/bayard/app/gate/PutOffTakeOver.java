package org.bayard.app.gate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A gate starting takes over the put-off entries of the gates of its store that died: it finds
 * their folders, takes their locks, moves their entries into its own folder and reads them, and
 * leaves the folders of running gates and of other stores' gates alone. Apart from
 * {@link PutOffJournal}, which keeps and removes this gate's entries, as it runs once, at the
 * start, and is the one part that reads other gates' folders.
 */
final class PutOffTakeOver {
    /** Sets an entry aside with a log line saying why (see {@link PutOffJournal#setAside}). */
    interface SetAside {
        void setAside(Path file, String write, String queueId, String why);
    }

    private final Path root;
    /** The folder of the gate taking over, into which the entries move. */
    private final PutOffGateFolder gate;
    private final String store;
    private final PutOffLimits limits;
    private final DecisionLog log;
    private final SetAside aside;

    PutOffTakeOver(Path root, PutOffGateFolder gate, String store, PutOffLimits limits, DecisionLog log, SetAside aside) {
        this.root = root;
        this.gate = gate;
        this.store = store;
        this.limits = limits;
        this.log = log;
        this.aside = aside;
    }

    /** The entries taken over, in the order they were written (see {@link PutOffJournal#takeOver}). */
    List<PutOffJournal.Left> run() {
        List<PutOffJournal.Left> left = new ArrayList<>();
        if (!Files.isDirectory(root)) return left;
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> all = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path f : all) {
                String name = f.getFileName().toString();
                Path named = name.startsWith(".new-") ? root.resolve(name.substring(".new-".length())) : f; // one being made
                if (!named.equals(gate.path()) && !PutOffGateFolder.ofThisJvm(named) && !name.equals(PutOffJournal.SET_ASIDE)) folders.add(f);
            }
        } catch (IOException e) {
            say("cannot read the journal " + root + ": " + e.getMessage());
            return left;
        }
        folders.sort(Comparator.naturalOrder());
        Map<Path, String> others = new LinkedHashMap<>();
        for (Path folder : folders) takeOver(folder, left, others);
        if (!others.isEmpty()) sayOthersLeft(others);
        return left;
    }

    /** One line for the folders of dead gates of other stores, left in place. */
    private void sayOthersLeft(Map<Path, String> others) {
        List<String> named = new ArrayList<>();
        others.forEach((folder, owner) -> named.add(folder + " (store " + owner + ")"));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "journal-of-another-store");
        line.put("folders", others.size());
        line.put("detail", "left in place, for a serve of their store to make: the put-off writes of " + others.size()
                + " serve(s) of another store that ended before making them: " + String.join(", ", named)
                + "; this serve's store is " + store + " (if that store is this one moved, remove the folder's "
                + PutOffGateFolder.STORE_FILE + " file and restart)");
        log.println(Gate.LOG_JSON.writeValueAsString(line));
    }

    private void takeOver(Path folder, List<PutOffJournal.Left> left, Map<Path, String> others) {
        try (FileChannel channel = FileChannel.open(folder.resolve(PutOffGateFolder.LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException ours) {
                return;
            }
            if (lock == null) return; // its gate runs
            java.util.Optional<String> owner = PutOffGateFolder.storeIn(folder);
            if (owner.isPresent() && !owner.get().equals(store)) {
                if (hasEntries(folder)) others.put(folder, owner.get()); // its writes belong to another store
                return;
            }
            gate.own();
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> all = Files.newDirectoryStream(folder, "*" + PutOffJournal.SUFFIX)) {
                for (Path f : all) files.add(f);
            }
            files.sort(Comparator.comparingLong(PutOffTakeOver::number).thenComparing(Comparator.naturalOrder()));
            for (Path f : files) {
                Path mine = gate.path().resolve(gate.nextNumber() + PutOffJournal.SUFFIX);
                try {
                    Files.move(f, mine, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException takenBySomeoneElse) {
                    continue;
                }
                read(mine, f, left);
            }
            PutOffGateFolder.sync(gate.path());
            try (DirectoryStream<Path> rest = Files.newDirectoryStream(folder)) {
                for (Path f : rest) if (f.getFileName().toString().endsWith(".tmp")) Files.deleteIfExists(f); // never renamed: never answered on
            }
            Files.deleteIfExists(folder.resolve(PutOffGateFolder.STORE_FILE));
            Files.deleteIfExists(folder.resolve(PutOffGateFolder.LOCK_FILE));
            try {
                Files.deleteIfExists(folder);
            } catch (java.nio.file.DirectoryNotEmptyException notOurs) {
                // something else was put there by hand: left as it is, its entries are taken over
            }
        } catch (IOException | RuntimeException e) {
            say("cannot take over the journal " + folder + ": " + e.getMessage());
        }
    }

    private static boolean hasEntries(Path folder) throws IOException {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(folder, "*" + PutOffJournal.SUFFIX)) {
            return all.iterator().hasNext();
        }
    }

    /** Reads the entry {@code file}, which was {@code was} in the folder of the gate that wrote it. */
    private void read(Path file, Path was, List<PutOffJournal.Left> left) {
        try {
            PutOffJournal.Left read = PutOffEntryFile.read(file);
            limits.count(file, read.bodySize());
            left.add(read);
        } catch (IOException | RuntimeException e) {
            aside.setAside(file, "?", "?", "cannot read the put-off write " + was + ": " + e.getMessage());
        }
    }

    private void say(String detail) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "journal-unreadable");
        line.put("detail", detail);
        log.println(Gate.LOG_JSON.writeValueAsString(line));
    }

    private static long number(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - PutOffJournal.SUFFIX.length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
