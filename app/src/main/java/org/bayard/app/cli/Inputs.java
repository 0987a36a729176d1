package org.bayard.app.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.bayard.app.AppContext;
import org.bayard.app.Main;
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
        try (MailInputs inputs = new MailInputs(paths, InputStream.nullInputStream())) {
            inputs.checkPaths();
        } catch (MailInputException e) {
            throw new UserException(e.getMessage(), e);
        }
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
            if (warnEmptyFolders && seen[0] == 0 && !path.equals(MailInputs.STDIN_ARGUMENT) && Files.isDirectory(Path.of(path))) {
                ctx.err().println("bayard: warning: " + Main.oneLine(path) + ": no messages in this folder");
            }
        }
    }
}
