package org.bayard.app.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bayard.core.mail.HeaderEditor;
import org.bayard.core.policy.Decision;
import org.bayard.core.quarantine.Spool;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.NextHop;
import org.bayard.smtp.SpooledMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/** Held mail: the spool plus its JSON sidecars (envelope, client, time, score, symbols, clues, reason). */
public final class Quarantine {
    private final Spool spool;
    /** The releases of this process under way, for serve's stop line. */
    private final ReleasesUnderWay releases = new ReleasesUnderWay();

    public Quarantine(Spool spool) {
        this.spool = spool;
    }

    /** For reading and deciding on items while {@code bayard serve} may be holding more: cleans nothing. */
    public static Quarantine open(Path dir) throws IOException {
        return new Quarantine(Spool.open(dir));
    }

    /** For the gate at its start: also removes what a crash left behind (see {@link Spool#recover}). */
    public static Quarantine recover(Path dir) throws IOException {
        return new Quarantine(Spool.recover(dir));
    }

    /** As {@link #recover(Path)}, removing only what was last written more than {@code age} ago (see {@link Spool#recover(Path, java.time.Duration)}). */
    public static Quarantine recover(Path dir, java.time.Duration age) throws IOException {
        return new Quarantine(Spool.recover(dir, age));
    }

    public Spool spool() {
        return spool;
    }

    /** The releases of this process under way (serve's stop says what it waits for and what it left). */
    public ReleasesUnderWay releases() {
        return releases;
    }

    void hold(Envelope env, SpooledMessage message, Decision d, List<HeaderEditor.Field> releaseFields) throws IOException {
        hold(env, message, HeldMetadata.of(env, d, releaseFields));
    }

    /** Holds mail the policy would reject, after the queue (see {@link HeldInsteadOfRejected}). */
    void holdInsteadOfRejecting(Envelope env, SpooledMessage message, Decision d, List<HeaderEditor.Field> releaseFields)
            throws IOException {
        hold(env, message, HeldInsteadOfRejected.marked(HeldMetadata.of(env, d, releaseFields)));
    }

    private void hold(Envelope env, SpooledMessage message, Map<String, Object> metadata) throws IOException {
        byte[] meta = Gate.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata);
        try (InputStream in = message.open()) {
            spool.hold(env.queueId(), in, meta);
        }
    }

    public List<String> ids() throws IOException {
        return spool.ids();
    }

    /**
     * The item's sidecar.
     *
     * @throws IOException naming the sidecar when it is not the JSON object the gate writes (a
     *     damaged file): a parser's exception, which is not an IOException, would stop a whole listing
     */
    public Map<String, Object> metadata(String id) throws IOException {
        byte[] b = spool.sidecar(id);
        if (b.length == 0) return Map.of();
        try {
            return HeldInsteadOfRejected.upgraded(Gate.JSON.readValue(b, new TypeReference<Map<String, Object>>() {}));
        } catch (JacksonException e) {
            throw new DamagedSidecar(spool.dir().resolve(id + ".json").toString());
        }
    }

    /** A sidecar that is not the JSON object the gate writes. */
    public static final class DamagedSidecar extends FileSystemException {
        DamagedSidecar(String file) {
            super(file, null, "damaged: not the JSON object the gate writes");
        }
    }

    /** The whole held message, read into the heap: for tests and small messages; the commands and the page stream or bound it. */
    public byte[] message(String id) throws IOException {
        return Files.readAllBytes(spool.message(id));
    }

    /**
     * The item's sidecar as {@link #metadata} reads it, or empty when the item is no longer held:
     * another process (the page, another command) decided it after this one listed it.
     */
    public java.util.Optional<Map<String, Object>> metadataIfHeld(String id) throws IOException {
        Map<String, Object> meta = metadata(id);
        return spool.contains(id) ? java.util.Optional.of(meta) : java.util.Optional.empty();
    }

    /**
     * The start of the held message, at most {@code max} bytes, and its whole size; empty when
     * another process decided it after this one listed it.
     */
    public java.util.Optional<Start> startIfHeld(String id, int max) throws IOException {
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(spool.message(id))) {
            long size = ch.size();
            byte[] start = java.nio.channels.Channels.newInputStream(ch).readNBytes((int) Math.min(max, size));
            return java.util.Optional.of(new Start(start, Math.max(size, start.length)));
        } catch (java.nio.file.NoSuchFileException gone) {
            return java.util.Optional.empty();
        }
    }

    /** The first bytes of a held message, and how long it is in all. */
    public record Start(byte[] bytes, long size) {
        public boolean whole() {
            return bytes.length >= size;
        }
    }

    /** The held message to read as a stream (close it), or empty when another process decided it after this one listed it. */
    public java.util.Optional<InputStream> openIfHeld(String id) throws IOException {
        try {
            return java.util.Optional.of(Files.newInputStream(spool.message(id)));
        } catch (java.nio.file.NoSuchFileException gone) {
            return java.util.Optional.empty();
        }
    }

    /**
     * Delivers a held message to the next hop with its original envelope, the X-Spam-* fields it
     * was held with (not flagged as spam) and {@code X-Bayard-Released} (see {@link ReleasedHead}),
     * and removes it only after the next hop's 250. Throws with the next hop's answer otherwise; the item stays. A
     * recipient the next hop defers (4xx) stops the release before DATA, so that a later release
     * reaches every recipient once; recipients it refuses for good (5xx) are left out.
     *
     * @return the recipients refused for good, each with the next hop's answer; empty when all took it
     */
    public List<String> release(String id, NextHop hop, ReleasedBy by) throws IOException {
        return release(id, hop, Judgement.NONE, by);
    }

    /**
     * What a moderator's decision does with the message besides delivering or removing it
     * (learning it as ham or spam), run once the decision holds the item, on the message as a
     * stream: it may be larger than the heap, so a judgement reads only what it needs of it.
     */
    @FunctionalInterface
    public interface Judgement {
        /**
         * None: a plain release or discard. It reads nothing: the message was read whole for it
         * all the same, so that one larger than the heap could be neither released nor discarded.
         */
        Judgement NONE = new Judgement() {
            @Override
            public void apply(InputStream message) {}

            @Override
            public boolean readsMessage() {
                return false;
            }
        };

        void apply(InputStream message) throws IOException;

        /** Whether {@link #apply} needs the message: false, and it is not called. */
        default boolean readsMessage() {
            return true;
        }
    }

    /**
     * As {@link #release(String, NextHop, ReleasedBy)}, applying {@code judgement} first, while this decision
     * holds the item: a decision that loses the race for it (another moderator's discard, say)
     * learns nothing. Learning before taking the item let a release deliver a message whose
     * ledger entry said spam, when a discard came while the next hop was still answering.
     */
    public List<String> release(String id, NextHop hop, Judgement judgement, ReleasedBy by) throws IOException {
        return release(id, hop, judgement, by, false);
    }

    /**
     * As above; {@code force} delivers even an item an earlier release may have delivered already
     * (see {@link MayHaveBeenDelivered}), which is otherwise refused before anything is learned or sent.
     */
    public List<String> release(String id, NextHop hop, Judgement judgement, ReleasedBy by, boolean force) throws IOException {
        requireRemovable();
        try (Claim claim = claim(id)) {
            if (!force) refuseIfMaybeDelivered(id);
            if (judgement.readsMessage()) claim.applyTo(judgement);
            return new HeldDelivery(spool, releases).deliver(id, metadata(id), hop, by);
        }
    }

    /**
     * A release cut off after it sent the message and before the next hop's answer (the command
     * or serve killed, the connection lost) left its note: the next hop may have taken the message,
     * and releasing it again would deliver it twice without anyone knowing.
     */
    private void refuseIfMaybeDelivered(String id) throws IOException {
        Optional<String> earlier = spool.sending(id);
        if (earlier.isPresent()) {
            throw new MayHaveBeenDelivered(id + ": an earlier release (" + earlier.get() + ") was cut off after it sent the message"
                    + " and before the next hop's answer, so the next hop may have delivered it already; look for it in the next"
                    + " hop's log, then discard it, or deliver it again with: bayard quarantine release --force " + id);
        }
    }

    /** Refused: an earlier release may have delivered the item (see {@link #refuseIfMaybeDelivered}); nothing was done or learned. */
    public static final class MayHaveBeenDelivered extends Taken {
        MayHaveBeenDelivered(String message) {
            super(message);
        }
    }

    /**
     * A release removes its item after the next hop's 250; where it cannot (the directory made
     * immutable, mounted read-only, owned by another user), the next hop took the message, the
     * item stayed, and the moderator's next try delivered it again. So nothing is sent then, and a
     * discard, which would have learned spam and then failed, learns nothing either.
     */
    private void requireRemovable() throws IOException {
        if (!Files.isWritable(spool.dir())) {
            throw new IOException("the quarantine " + spool.dir() + " cannot be written, so a decided item could not be removed"
                    + " from it; nothing was delivered, discarded or learned (make it writable for the service's user)");
        }
    }

    /**
     * A release that delivered, whose held files could not be removed: it is done, and marked so
     * (or, when even the mark could not be written, the message says to remove the files by hand).
     */
    public static final class LeftOver extends IOException {
        LeftOver(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void discard(String id) throws IOException {
        discard(id, Judgement.NONE);
    }

    /** Removes the item after applying {@code judgement} to it, while this decision holds it (see {@link #release(String, NextHop, Judgement, ReleasedBy)}). */
    public void discard(String id, Judgement judgement) throws IOException {
        requireRemovable();
        try (Claim claim = claim(id)) {
            if (judgement.readsMessage()) claim.applyTo(judgement);
            spool.remove(id);
        }
    }

    /** Another decision has the item, or has just carried it out: this one did nothing. */
    public static class Taken extends IOException {
        Taken(String message) {
            super(message);
        }
    }

    /** An item taken for one decision: its lock (see {@link DecisionLocks}), held until the decision ends. */
    private record Claim(DecisionLocks.ItemLock lock, Path file) implements AutoCloseable {
        /** Applies {@code judgement} to the message as it reads it; a link put in its place is not followed. */
        void applyTo(Judgement judgement) throws IOException {
            try (InputStream in = Files.newInputStream(file, java.nio.file.StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                judgement.apply(in);
            }
        }

        @Override
        public void close() throws IOException {
            lock.close();
        }
    }

    /**
     * Takes the item for one decision: two at once (a double click, two moderators, the page and
     * the CLI) both read the message before either removed it, and released it twice. The lock
     * is the operating system's, so it is shared with other processes and goes with a crash.
     *
     * @throws IOException when another decision on it is under way, or it is gone (decided already)
     */
    private Claim claim(String id) throws IOException {
        Path message = spool.message(id);
        if (!Files.exists(message, LinkOption.NOFOLLOW_LINKS)) throw new Taken(id + ": no such held message (decided already?)");
        DecisionLocks.ItemLock lock = DecisionLocks.tryLock(spool.dir(), id);
        if (lock == null) throw new Taken("another decision on " + id + " is under way");
        if (spool.released(id)) { // delivered by an earlier release that could not remove its files
            lock.close();
            throw new Taken(id + ": released already (delivered to the next hop; its files are left over, not held)");
        }
        if (!Files.isRegularFile(message, LinkOption.NOFOLLOW_LINKS)) { // the decision before ours removed it
            lock.close();
            throw new Taken(id + ": no such held message (decided already)");
        }
        return new Claim(lock, message);
    }
}
