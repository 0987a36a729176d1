package org.bayard.app.cli;

import java.io.InputStream;
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
        try (MailInputs inputs = new MailInputs(paths, InputStream.nullInputStream())) {
            inputs.checkPaths();
        } catch (MailInputException e) {
            throw new UserException(e.getMessage(), e);
        }
    }

    static void each(AppContext ctx, List<String> paths, Consumer<RawMessage> action) {
        try (MailInputs inputs = new MailInputs(paths, ctx.in())) {
            inputs.forEachRemaining(m -> {
                InputWarnings.check(ctx.err(), m);
                action.accept(m);
            });
        } catch (MailInputException e) {
            throw new UserException(e.getMessage(), e);
        }
    }
}
