package org.bayard.core.mailbox;

import java.io.Closeable;
import java.io.IOException;
import org.bayard.core.IoProblem;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The messages behind a list of paths as a user types them on a command line, yielded one at a
 * time: at most one message and one open file are held at once, whatever the inputs hold.
 *
 * <p>What each argument means:
 * <ul>
 *   <li>{@code -}: standard input, read as one message (never split as an mbox), origin
 *       {@code <stdin>}. It may be given once. The stream is read to its end even past the
 *       limit, so a writer piping into us does not die of a broken pipe; it is not closed.
 *   <li>a directory with two of the subdirectories {@code cur}, {@code new} and {@code tmp}:
 *       a Maildir; the files in {@code new}, then those in {@code cur}, each sorted by name,
 *       never {@code tmp}, nor a message flagged trashed ({@link Maildir#trashed}; the flags follow
 *       {@code :2,}, or {@code ;2,} or {@code !2,} where names cannot hold a colon). Maildir++ folders
 *       ({@code .Sent} and so on) are hidden and not read.
 *   <li>any other directory (an MH folder among them): every non-hidden regular file below
 *       it, walking subdirectories in place, entries sorted by name so the order is the same
 *       on every run. A subdirectory that is a Maildir is read as one. Symbolic links to files
 *       are followed; links to directories are not, so a link loop cannot make the walk
 *       endless. Names starting with {@code .}, MH's deleted messages ({@code ,12},
 *       {@code #12}) and special files (pipes, sockets, devices) are skipped.
 *   <li>anything else (a file, or a pipe such as {@code <(zcat box.gz)}): read by
 *       {@link MboxReader}'s rules: an mbox or MMDF mailbox yields each message, a file holding one message
 *       yields it byte for byte. An empty file is one empty message; the scorer scores it
 *       like any other rather than have it vanish silently.
 * </ul>
 *
 * <p>Failures: a path that is missing, unreadable or not a valid path raises
 * {@link MailInputException} when the walk reaches it, after everything before it was
 * yielded; {@link #checkPaths()} checks the arguments up front. A caller that catches it may
 * go on iterating: the bad path is behind it. An I/O error in the middle of
 * a file raises {@link UncheckedIOException}.
 *
 * <p>Not thread-safe. Close it (or the {@link #stream()}) to release the open file.
 */
public final class MailInputs implements Iterator<RawMessage>, Closeable {

    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 << 20;
    public static final String STDIN_ARGUMENT = "-";
    public static final String STDIN_ORIGIN = "<stdin>";

    private enum Kind { ARGUMENT, TREE_ENTRY, MAILDIR_ENTRY }

    private record Item(String shown, Path path, Kind kind) {}

    private final List<String> arguments;
    /** What {@code -} reads. */
    private final StdinMessage stdin;
    private final int limit;
    /** How much of a message that is a whole file is read: past it, the caller streams it from {@link #wholeFile}. */
    private final int wholeFileLimit;
    private final Deque<Item> pending = new ArrayDeque<>();
    private MboxReader current;
    /** The path {@link #current} reads, as shown to the user. */
    private String currentShown;
    /** The regular file {@link #current} reads, or null for a pipe. */
    private Path currentPath;
    private RawMessage next;
    /** The file that holds {@link #next} whole, or null; then that of the message {@link #next()} returned last. */
    private Path nextWholeFile;
    private Path lastWholeFile;
    private boolean closed;

    /**
     * @param arguments paths as typed, {@code -} for standard input; nothing is touched yet
     * @param stdin what {@code -} reads
     * @param maxMessageBytes longer messages are cut to this and flagged
     *     {@link RawMessage.Anomaly#TRUNCATED}
     */
    public MailInputs(List<String> arguments, InputStream stdin, int maxMessageBytes) {
        this(arguments, stdin, maxMessageBytes, maxMessageBytes);
    }

    /**
     * As above, for a caller that can read a message from its file as a stream ({@code bayard
     * trap}, learn): a regular file that is one message, not a mailbox (also one that begins with
     * a mailbox's {@code From } line and holds no other message), and larger than {@code
     * wholeFileBytes} is yielded cut to that much, flagged {@link RawMessage.Anomaly#TRUNCATED},
     * and {@link #wholeFile} names the file, so that no more of it is held in the heap than
     * that. Standard input longer than that is copied to a temporary file, which {@link
     * #wholeFile} names until the next message. The messages of a mailbox or a pipe are read
     * up to {@code maxMessageBytes}.
     */
    public MailInputs(List<String> arguments, InputStream stdin, int maxMessageBytes, int wholeFileBytes) {
        this.wholeFileLimit = Math.min(MboxReader.checkLimit(wholeFileBytes), maxMessageBytes);
        this.arguments = List.copyOf(arguments);
        Objects.requireNonNull(stdin, "stdin");
        this.limit = MboxReader.checkLimit(maxMessageBytes);
        this.stdin = new StdinMessage(stdin, limit, wholeFileLimit);
        if (this.arguments.stream().filter(STDIN_ARGUMENT::equals).count() > 1) {
            throw new MailInputException(STDIN_ARGUMENT, "standard input can be read only once");
        }
        for (String a : this.arguments) pending.add(new Item(a, null, Kind.ARGUMENT));
    }

    public MailInputs(List<String> arguments, InputStream stdin) {
        this(arguments, stdin, DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** Throws for the first argument that does not name a readable file or directory. */
    public void checkPaths() {
        for (String a : arguments) {
            if (a.equals(STDIN_ARGUMENT)) continue;
            Path p = toPath(a);
            BasicFileAttributes attrs = attributes(a, p, true);
            if (!Files.isReadable(p)) throw new MailInputException(a, "permission denied");
            if (attrs.isRegularFile()) CompressedFiles.refuse(a, p);
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !closed) {
            nextWholeFile = null;
            next = advance();
        }
        return next != null;
    }

    @Override
    public RawMessage next() {
        if (!hasNext()) throw new NoSuchElementException();
        RawMessage m = next;
        next = null;
        lastWholeFile = nextWholeFile;
        return m;
    }

    /**
     * The file that holds the message {@link #next()} returned last, byte for byte, when one
     * does: a regular file read as one message (not a message of a mailbox, nor a pipe's), or the
     * copy of a long standard input (see the constructor). A caller may read it again from
     * there, as a stream, when it was cut; until it asks for the next message.
     */
    public Optional<Path> wholeFile() {
        return Optional.ofNullable(lastWholeFile);
    }

    /** The remaining messages; closing the stream closes this. */
    public Stream<RawMessage> stream() {
        Spliterator<RawMessage> s = Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL);
        return StreamSupport.stream(s, false).onClose(this::close);
    }

    @Override
    public void close() {
        closed = true;
        pending.clear();
        try {
            closeCurrent();
        } finally {
            stdin.dropSpooled();
        }
    }

    private RawMessage advance() {
        stdin.dropSpooled(); // the caller is done with the message before
        while (true) {
            if (current != null) {
                if (nextOfCurrent()) {
                    RawMessage m = current.next();
                    // a mailbox's messages are named path#n; a file read as one message, path itself
                    if (currentPath != null && m.origin().equals(currentShown)) nextWholeFile = currentPath;
                    return m;
                }
                closeCurrent();
            }
            Item item = pending.pollFirst();
            if (item == null) return null;
            if (item.kind == Kind.ARGUMENT && item.shown.equals(STDIN_ARGUMENT)) {
                RawMessage m = stdin.read();
                nextWholeFile = stdin.spooled();
                return m;
            }
            enter(item);
        }
    }

    /**
     * Whether {@link #current}, a file that begins like a mailbox, holds one message only, which
     * it then yields as the file's bytes, named as the file (as a saved message begins with its
     * {@code From } line): read as far as its second message or its end, holding no more of it
     * than {@link #wholeFileLimit}, so a lone message larger than the heap is streamed as any
     * message file is. It was read up to the message size limit first. A mailbox is read again
     * from its start, each message up to that limit. A count (Content-Length) past the smaller
     * limit cannot be checked here, and might end the first message where reading at the smaller
     * limit sees none: then the file is read again at the full limit, as before.
     */
    private boolean loneMessage() {
        if (!nextOfCurrent()) return false;
        return current.peek().origin().equals(currentShown) && !current.countUnchecked();
    }

    /**
     * Whether the open file has another message; a mailbox cut short under the reader is
     * refused, as a path that cannot be read, rather than its cut message yielded.
     */
    private boolean nextOfCurrent() {
        try {
            return current.hasNext();
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof MailboxSnapshot.CutShortException cut)) throw e;
            closeCurrentQuietly();
            throw new MailInputException(currentShown, cut.getMessage());
        }
    }

    /** Opens a file as {@link #current}, or queues a directory's entries in front of the rest. */
    private void enter(Item item) {
        if (item.kind == Kind.MAILDIR_ENTRY && !Files.exists(item.path, LinkOption.NOFOLLOW_LINKS)) {
            Path renamed = Maildir.renamed(item.path);
            if (renamed == null) throw new MailInputException(item.shown, "no such file");
            if (Maildir.trashed(renamed.getFileName().toString())) return;
            item = new Item(renamed.toString(), renamed, Kind.MAILDIR_ENTRY);
        }
        Path p = item.path != null ? item.path : toPath(item.shown);
        boolean argument = item.kind == Kind.ARGUMENT;
        BasicFileAttributes a = attributes(item.shown, p, argument);
        boolean link = a.isSymbolicLink();
        if (link) a = attributes(item.shown, p, true);
        if (a.isDirectory()) {
            // A linked directory inside a walk may lead back up the tree; Maildir entries are files.
            if (argument || item.kind == Kind.TREE_ENTRY && !link) queueDirectory(item.shown, p);
            return;
        }
        if (!argument && !a.isRegularFile()) return;
        if (!argument) CompressedFiles.refuse(item.shown, p);
        currentShown = item.shown;
        currentPath = null;
        if (a.isRegularFile()) {
            // as it stands once no delivery is appending to it (see MailboxSnapshot)
            current = MboxReader.file(MailboxSnapshot.open(p, item.shown), item.shown, limit);
            currentPath = p;
            if (wholeFileLimit < limit && a.size() > wholeFileLimit) {
                boolean mailbox = current.isMailbox();
                // one message, to be streamed from the file past this much: read no more of it
                closeCurrent();
                current = MboxReader.file(MailboxSnapshot.open(p, item.shown), item.shown, wholeFileLimit);
                if (mailbox && !loneMessage()) {
                    closeCurrent();
                    current = MboxReader.file(MailboxSnapshot.open(p, item.shown), item.shown, limit);
                }
            }
            return;
        }
        try {
            current = MboxReader.file(Files.newInputStream(p), item.shown, limit); // a pipe, as <(zcat box.gz)
        } catch (IOException e) {
            throw new MailInputException(item.shown, IoProblem.reason(e));
        }
    }

    private void queueDirectory(String shown, Path dir) {
        List<Item> items = new ArrayList<>();
        if (Maildir.is(dir)) {
            // A message moved from new/ to cur/ between the two listings is in both: read once,
            // under the name new/ gave it, which the walk follows to cur/ (Maildir.renamed).
            Set<String> listed = new HashSet<>();
            for (String sub : List.of("new", "cur")) {
                Path d = dir.resolve(sub);
                if (!Files.isDirectory(d)) continue;
                for (Path e : FolderEntries.sorted(d.toString(), d)) {
                    String name = e.getFileName().toString();
                    if (!listed.add(Maildir.uniqueName(name))) continue;
                    if (!Maildir.trashed(name)) items.add(new Item(e.toString(), e, Kind.MAILDIR_ENTRY));
                }
            }
        } else {
            for (Path e : FolderEntries.sorted(shown, dir)) items.add(new Item(e.toString(), e, Kind.TREE_ENTRY));
        }
        for (int i = items.size() - 1; i >= 0; i--) pending.addFirst(items.get(i));
    }

    /** Whether {@code m} begins with a line of four Ctrl-A, as an MMDF mailbox does. */
    public static boolean startsWithMmdfDelimiter(byte[] m) {
        return MmdfMessages.isDelimiter(m, 0, m.length);
    }

    private void closeCurrentQuietly() {
        try {
            closeCurrent();
        } catch (UncheckedIOException ignored) {
            // the failure being reported says more
        }
    }

    private void closeCurrent() {
        if (current == null) return;
        try {
            current.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            current = null;
        }
    }

    private static Path toPath(String shown) {
        if (shown.isEmpty()) throw new MailInputException("''", "empty path");
        try {
            return Path.of(shown);
        } catch (InvalidPathException e) {
            throw new MailInputException(shown, "not a valid path");
        }
    }

    private static BasicFileAttributes attributes(String shown, Path p, boolean followLinks) {
        try {
            LinkOption[] options = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
            return Files.readAttributes(p, BasicFileAttributes.class, options);
        } catch (IOException e) {
            throw new MailInputException(shown, IoProblem.reason(e));
        }
    }

}
