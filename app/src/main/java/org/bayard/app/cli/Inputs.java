package org.bayard.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.bayard.app.AppContext;
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
        for (String p : paths) {
            if (p.equals("-")) continue;
            Path path = Path.of(p);
            if (!Files.exists(path)) throw new UserException("cannot read " + p + ": no such file or directory");
            if (!Files.isReadable(path)) throw new UserException("cannot read " + p + ": permission denied");
        }
    }

    static void each(AppContext ctx, List<String> paths, Consumer<RawMessage> action) {
        try {
            MailInputs.forEach(paths, ctx.in(), action);
        } catch (MailInputException e) {
            throw new UserException(e.getMessage(), e);
        }
    }
}
