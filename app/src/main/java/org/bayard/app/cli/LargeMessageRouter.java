package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.bayard.app.AppContext;
import org.bayard.app.Main;
import org.bayard.core.IoProblem;
import org.bayard.core.mailbox.RawMessage;
import org.bayard.core.train.BatchTrainer;

/**
 * Gives each message that learn, unlearn, forget or train reads (through {@link
 * Inputs#eachReadable(AppContext, java.util.List, int, java.util.function.BiConsumer)}) to its
 * lesson: held, when it was read whole; from a stream of its file, when it is a message file
 * too large to hold; and not at all, with trap's warning, when it was cut inside a mailbox or a
 * pipe, since learned cut it would be another message than the one given (another identity, so
 * that a later forget of the whole one missed it). Counts the messages it could not give.
 *
 * @param <T> the trainer's tag
 */
final class LargeMessageRouter<T> {
    /** What a command does with one message: one held whole, or one too large to hold, from a stream of its file. */
    interface Lesson<T> {
        void held(BatchTrainer<T> trainer, RawMessage m);

        /**
         * {@code start} is the message as read, cut; {@code file} the whole of it. The lesson reads
         * the file here, throwing what reading it throws, or has it read later on a preparing
         * thread and tells {@code unreadable} what that throws.
         */
        void streamed(BatchTrainer<T> trainer, RawMessage start, Path file, Consumer<IOException> unreadable) throws IOException;
    }

    private final AppContext ctx;
    private final BatchTrainer<T> trainer;
    private final Lesson<T> lesson;
    private final String done;
    private int tooLarge;
    private int unread;

    /** @param done what was done to a message ("learned"), for the warning that it was not */
    LargeMessageRouter(AppContext ctx, BatchTrainer<T> trainer, Lesson<T> lesson, String done) {
        this.ctx = ctx;
        this.trainer = trainer;
        this.lesson = lesson;
        this.done = done;
    }

    /** One message as read, and the file it is the whole of, if it is one. */
    void accept(RawMessage m, Optional<Path> wholeFile) {
        if (!m.has(RawMessage.Anomaly.TRUNCATED)) {
            lesson.held(trainer, m);
        } else if (wholeFile.isEmpty()) {
            InputWarnings.tooLargeToUse(ctx.err(), m, "not " + done);
            tooLarge++;
        } else if (!streamed(m, wholeFile.get())) {
            unread++;
        }
    }

    /**
     * Gives the lesson a message from a stream of {@code file}; false, with a warning, when it
     * could not be read here. One read later, on a preparing thread, is warned of and counted
     * when the trainer reports it, in its turn.
     */
    private boolean streamed(RawMessage m, Path file) {
        String origin = m.origin(); // not m, which holds the start of the message, while a batch waits
        try {
            lesson.streamed(trainer, m, file, e -> {
                unreadable(origin, e);
                unread++;
            });
            return true;
        } catch (IOException e) {
            unreadable(origin, e);
            return false;
        }
    }

    /** Gone or unreadable since it was first read, or a header block longer than learning reads. */
    private void unreadable(String origin, IOException e) {
        ctx.err().println("bayard: warning: " + Main.oneLine(origin) + ": " + IoProblem.reason(e) + "; skipped");
    }

    /** Messages cut inside a mailbox or a pipe, not given to the lesson. */
    int tooLarge() {
        return tooLarge;
    }

    /**
     * Message files that could not be read again as a stream, skipped as a path that cannot be
     * read is. Complete once the trainer has reported every message (after its finish).
     */
    int unread() {
        return unread;
    }
}
