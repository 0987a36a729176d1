package org.bayard.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.StopsWithItsReader;
import org.bayard.core.IoProblem;
import org.bayard.app.StandardOutput;
import org.bayard.app.UserException;
import org.bayard.core.mailbox.MboxWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Join messages into one mbox (mboxrd format, as 'mbox split' and every other command read it).",
                "PATH is usually a folder of one-message files (such as the unsure mail held for a moderator); "
                        + "files, Maildirs and mboxes work too. Folders are read in name order, hidden files skipped.",
                "Each message is written as it was read, so 'mbox split' gives back the same bytes; a message "
                        + "that does not end in a newline gets one (mbox framing is line based).",
                "FILE is replaced only when complete, unless --append; - writes to standard output."})
public final class MboxCollectCommand implements Callable<Integer>, StopsWithItsReader {
    private final AppContext ctx;

    @Parameters(arity = "1..*", paramLabel = "PATH") List<String> paths;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The mbox to write, or -.")
    String output;

    @Option(names = "--append", description = "Add to the end of FILE instead of replacing it.") boolean append;

    public MboxCollectCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Inputs.requireReadable(paths);
        int n;
        boolean toStream = output.equals("-");
        if (toStream) {
            MboxWriter w = new MboxWriter(ctx.out(), ctx.clock());
            n = collect(w);
            w.flush(); // not closed: it is standard output
            // its reader went away (| head): quiet, as a tool ended by SIGPIPE, and not 0, as the mbox is incomplete
            if (StandardOutput.readerWentAway(ctx.out())) return StandardOutput.EXIT_READER_GONE;
            if (ctx.out().checkError()) {
                throw new UserException("cannot write the mbox to standard output (closed, full, or its reader went away);"
                        + " it is incomplete");
            }
        } else if (append) {
            OutputFile.refuseStoreFile(Path.of(output));
            try (MboxWriter w = MboxWriter.appendTo(Path.of(output), ctx.clock())) {
                n = collect(w);
                w.commit(); // only now: a run that fails before is undone by the close
            }
        } else {
            try (OutputFile out = OutputFile.create(Path.of(output))) {
                MboxWriter w = new MboxWriter(out.stream(), ctx.clock());
                n = collect(w);
                w.flush();
                out.commit();
                toStream = out.direct();
            }
        }
        (toStream ? ctx.err() : ctx.out())
                .println("collect: " + n + " message" + (n == 1 ? "" : "s") + " -> " + (output.equals("-") ? "standard output" : output));
        return 0;
    }

    private int collect(MboxWriter w) {
        int[] n = {0};
        Inputs.each(ctx, paths, m -> {
            // an mbox of mail to learn from later, where learn will refuse it: said now, when its file is known
            InputWarnings.refuseCut(m, "mbox collect");
            InputWarnings.notMail(ctx.err(), m, "collected as it is");
            try {
                w.write(m);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + output + ": " + IoProblem.reason(e), e);
            }
            n[0]++;
        });
        return n[0];
    }
}
