package org.bayard.app.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.core.IoProblem;
import org.bayard.app.UserException;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.mailbox.MboxReader;
import org.bayard.core.mailbox.RawMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Write each message of an mbox (or an MMDF mailbox) to its own file in DIR: 00001.eml, 00002.eml, ... "
                + "(in mailbox order; the envelope 'From ' line is dropped and '>From ' escapes are undone; MMDF's"
                + " Ctrl-A delimiter lines are dropped).",
                "DIR is created if needed and must not already hold numbered .eml files. The files appear together "
                        + "once the whole mailbox is read: a split that fails or is interrupted leaves none. A message cut short "
                        + "(the mailbox ends mid-line, or the message is over the size limit) is written as read, "
                        + "with a warning naming it as MBOX#N. MBOX may be - for standard input."})
public final class MboxSplitCommand implements Callable<Integer> {
    private final AppContext ctx;

    @Parameters(index = "0", paramLabel = "MBOX") String mbox;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Folder for the message files.")
    Path dir;

    public MboxSplitCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        if (mbox.equals(MailInputs.STDIN_ARGUMENT)) return done(split(ctx.in(), MailInputs.STDIN_ORIGIN)); // stdin stays open
        try (InputStream in = open()) {
            return done(split(in, mbox));
        }
    }

    private int split(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        boolean empty = isEmpty(in);
        MboxReader reader = MboxReader.mbox(in, name, MailInputs.DEFAULT_MAX_MESSAGE_BYTES);
        if (!empty && !isMailbox(reader)) {
            throw new UserException(mbox + " is not a mailbox (it does not begin with a 'From ' line or an MMDF line of four Ctrl-A)");
        }
        int n = 0;
        try (SplitFiles files = SplitFiles.inFolder(dir)) { // only once the input is known to be usable
            if (!empty) {
                while (reader.hasNext()) {
                    RawMessage m = reader.next();
                    InputWarnings.refuseCut(m, "mbox split");
                    InputWarnings.check(ctx.err(), m);
                    files.add(m.bytes());
                    n++;
                }
            }
            files.publish(); // an empty mailbox's split is the empty folder
        } catch (UncheckedIOException e) {
            throw new UserException(e.getMessage() + " (after " + n + " messages; none was written)", e);
        }
        return n;
    }

    /**
     * The reader's own test, so split takes exactly what train and learn read as a mailbox. A
     * lone message saved to a file is not one, and "splitting" it is most likely a wrong argument.
     */
    private static boolean isMailbox(MboxReader reader) {
        try {
            return reader.isMailbox();
        } catch (UncheckedIOException e) {
            throw new UserException(e.getMessage() + " (none was written)", e);
        }
    }

    private int done(int n) {
        ctx.out().println("split: " + n + " message" + (n == 1 ? "" : "s") + " -> " + dir);
        return 0;
    }

    private InputStream open() {
        if (Files.isDirectory(Path.of(mbox))) {
            throw new UserException("cannot split " + mbox + ": it is a directory, not an mbox (to join its messages into one, 'bayard mbox collect')");
        }
        try {
            return Files.newInputStream(Path.of(mbox));
        } catch (NoSuchFileException e) {
            throw new UserException("cannot read " + mbox + ": no such file");
        } catch (IOException e) {
            throw new UserException("cannot read " + mbox + ": " + IoProblem.reason(e));
        }
    }

    /** An empty input is an empty mailbox (the reader would call it one empty message). */
    private static boolean isEmpty(BufferedInputStream in) throws IOException {
        in.mark(1);
        boolean empty = in.read() < 0;
        in.reset();
        return empty;
    }
}
