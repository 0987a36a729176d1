package org.bayard.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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

        /** {@code start} is the message as read, cut; {@code whole} the whole of it. */
        void streamed(BatchTrainer<T> trainer, RawMessage start, InputStream whole) throws IOException;
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

    /** Gives the lesson a message from a stream of {@code file}; false, with a warning, when it could not be read. */
    private boolean streamed(RawMessage m, Path file) {
        try (InputStream whole = Files.newInputStream(file)) {
            lesson.streamed(trainer, m, whole);
            return true;
        } catch (IOException e) {
            // gone or unreadable since it was first read, or a header block longer than learning reads
            ctx.err().println("bayard: warning: " + Main.oneLine(m.origin()) + ": " + IoProblem.reason(e) + "; skipped");
            return false;
        }
    }

    /** Messages cut inside a mailbox or a pipe, not given to the lesson. */
    int tooLarge() {
        return tooLarge;
    }

    /** Message files that could not be read again as a stream, skipped as a path that cannot be read is. */
    int unread() {
        return unread;
    }
}
