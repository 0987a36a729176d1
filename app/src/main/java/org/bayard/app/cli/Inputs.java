package org.bayard.app.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.bayard.app.AppContext;
import org.bayard.app.Main;
import org.bayard.app.UsageException;
import org.bayard.app.UserException;
import org.bayard.core.mailbox.MailInputException;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.mailbox.RawMessage;

/** Message paths as typed on a command line: files, directories, mboxes, Maildirs and {@code -}. */
final class Inputs {
    private Inputs() {}

    /**
     * Checks every path before any work starts, so a typo in the last argument does not leave the
     * store half-trained on the first ones.
     */
    static void requireReadable(List<String> paths) {
        // the command line's mistake, said as one (exit 2; 64 for a trap address's pipe, which
        // would otherwise keep the report in its queue and try it again, in vain)
        if (paths.stream().filter(MailInputs.STDIN_ARGUMENT::equals).count() > 1) {
            throw new UsageException("standard input can be read only once: give '-' once");
        }
        try (MailInputs inputs = new MailInputs(paths, InputStream.nullInputStream())) {
            inputs.checkPaths();
        } catch (MailInputException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    /**
     * For the commands that learn, unlearn, score or print a folder: like {@link #each}, except that a path that cannot
     * be read when the walk reaches it (a file in a folder that is unreadable, a dangling link, a
     * compressed mailbox, or a Maildir message expunged meanwhile; one only renamed is found under its new name)
     * is skipped with a warning and the rest is read. Stopping there lost the batch in progress
     * and said nothing of the batches stored; one such file in a nightly run over many folders
     * stopped every run until someone looked (score, explain and tokens stopped at it, the rest of
     * the folder unscored, where score's help says the others are still scored). The caller
     * reports the count and exits 1.
     *
     * @return how many paths were skipped
     */
    static int eachReadable(AppContext ctx, List<String> paths, Consumer<RawMessage> action) {
        return eachReadable(ctx, paths, MailInputs.DEFAULT_MAX_MESSAGE_BYTES, (m, wholeFile) -> action.accept(m), true);
    }

    /**
     * As above, for a caller that reads a large message from its file as a stream: a message
     * that is a whole file larger than {@code wholeFileBytes} comes cut to that much, with the
     * file, and no warning of the cut is printed for any message (see {@link MailInputs#wholeFile}).
     */
    static int eachReadable(AppContext ctx, List<String> paths, int wholeFileBytes, BiConsumer<RawMessage, Optional<Path>> action) {
        return eachReadable(ctx, paths, wholeFileBytes, action, false);
    }

    private static int eachReadable(AppContext ctx, List<String> paths, int wholeFileBytes,
                                    BiConsumer<RawMessage, Optional<Path>> action, boolean warnCut) {
        int skipped = 0;
        for (String path : paths) {
            long seen = 0;
            MailInputs opened;
            try {
                opened = new MailInputs(List.of(path), ctx.in(), MailInputs.DEFAULT_MAX_MESSAGE_BYTES, wholeFileBytes);
            } catch (MailInputException e) {
                throw new UserException(e.getMessage(), e);
            }
            try (MailInputs inputs = opened) {
                while (true) {
                    RawMessage m;
                    try {
                        if (!inputs.hasNext()) break;
                        m = inputs.next();
                    } catch (MailInputException e) {
                        ctx.err().println("bayard: warning: " + Main.oneLine(e.getMessage()) + "; skipped");
                        skipped++;
                        continue; // the path that failed is behind the walk
                    }
                    seen++;
                    InputWarnings.check(ctx.err(), m, warnCut);
                    action.accept(m, inputs.wholeFile());
                }
            }
            warnIfEmptyFolder(ctx, path, seen);
        }
        return skipped;
    }

    /** What the summary line adds when {@link #eachReadable} skipped paths; empty when none. */
    static String skippedNote(int skipped) {
        if (skipped == 0) return "";
        return "; " + skipped + (skipped == 1 ? " path" : " paths") + " could not be read (see the warnings)";
    }

    /**
     * Every message of every path, in order. A folder that holds no message (empty, a mistyped
     * Maildir's parent, only hidden files) gets a warning on stderr: before, score printed nothing
     * and learn "0 messages", and nothing said which argument was empty.
     */
    static void each(AppContext ctx, List<String> paths, Consumer<RawMessage> action) {
        each(ctx, paths, action, true);
    }

    /** As above; without the warning for a caller that refuses an empty input in its own words (tte). */
    static void each(AppContext ctx, List<String> paths, Consumer<RawMessage> action, boolean warnEmptyFolders) {
        for (String path : paths) {
            long[] seen = {0};
            try (MailInputs inputs = new MailInputs(List.of(path), ctx.in())) {
                inputs.forEachRemaining(m -> {
                    seen[0]++;
                    InputWarnings.check(ctx.err(), m);
                    action.accept(m);
                });
            } catch (MailInputException e) {
                throw new UserException(e.getMessage(), e);
            }
            if (warnEmptyFolders) warnIfEmptyFolder(ctx, path, seen[0]);
        }
    }

    private static void warnIfEmptyFolder(AppContext ctx, String path, long seen) {
        if (seen == 0 && !path.equals(MailInputs.STDIN_ARGUMENT) && Files.isDirectory(Path.of(path))) {
            ctx.err().println("bayard: warning: " + Main.oneLine(path) + ": no messages in this folder");
        }
    }
}
