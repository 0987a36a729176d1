package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.Main;
import org.bayard.core.IoProblem;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.mailbox.RawMessage;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.TrapExtractor;
import org.bayard.core.train.TrapLearner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bayard trap}: what a spam or ham trap address does with its mail, from the command line. */
@Command(name = "trap", mixinStandardHelpOptions = true,
        description = {"Learn mail sent to a spam or ham trap. Each attached message (message/rfc822, or a part of a "
                + "multipart/digest) is learned on its own; a message with nothing attached (bounced or resent) is "
                + "learned whole. Our own X-Spam-* headers are removed first. Sending the same report again learns "
                + "nothing; reporting a message to the other trap moves it.",
                "Parts that are empty or not a message are refused with the reason; the rest are still learned.",
                "A trap message is read up to " + TrapExtractor.MAX_PARTS + " parts and " + TrapExtractor.MAX_DEPTH
                        + " levels of nesting; past that the rest is refused in one "
                        + "line naming the last attachment read, to be sent in another report.",
                "PATH is a message file, a directory, an mbox, a Maildir, or - for stdin; each message in it is one "
                        + "trap message.",
                "A message file (or stdin) is read as a stream, whatever its size; a message in an mbox or a pipe larger "
                        + "than 64 MiB is not learned, and a warning names it.",
                "Trap messages are committed in groups of up to 500, as learn commits in batches: an interrupted run "
                        + "keeps whole groups; running it again learns the rest (the rest of what it learned is already known).",
                "With - among the paths (a trap address's pipe: \"|bayard trap --spam -\" in /etc/aliases), the exit codes "
                        + "are sysexits' for the mail system: 0 learned (or already known), 64 a usage error, 65 nothing in it "
                        + "was mail (every part refused), 75 a failure to try again later (the store, the disk, the "
                        + "configuration, no temporary copy), 70 a bug. On files: 0, 1 (a path or the store failed), 2 usage."})
public final class TrapCommand extends LearnsIntoClassCommand {
    @Option(names = {"-v", "--verbose"}, description = "Print the outcome for every attached message.")
    boolean verbose;

    public TrapCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int learnInto(Engine engine, MailClass mailClass) {
        TrapLearner trap = new TrapLearner(
                new TrapExtractor(MailInputs.DEFAULT_MAX_MESSAGE_BYTES, engine.config().limits().maxScanBytes()),
                engine.preparer(), engine.store(), engine.learner());
        TrapReceipt receipt = new TrapReceipt(mailClass);
        Backlog backlog = new Backlog(trap, mailClass, receipt);
        int skipped;
        try (InterruptNotice notice = new InterruptNotice(ctx.out(), receipt::summary, "group")) {
            skipped = Inputs.eachReadable(ctx, paths, HELD_FILE_BYTES,
                    (m, wholeFile) -> notice.oneMessage(() -> backlog.add(m, wholeFile)));
            notice.lastStep(backlog::learn);
        } catch (RuntimeException | Error e) { // out of heap on this thread too: what was stored is kept
            ctx.out().println(receipt.summary() + " stored; stopped by the error below");
            throw e;
        }
        skipped += backlog.unread;
        ctx.out().println(receipt.summary() + InputWarnings.tooLargeNote(backlog.tooLarge, "learn") + Inputs.skippedNote(skipped - backlog.tooLarge));
        if (skipped > 0) return Main.EXIT_INPUT;
        // a report with no mail in it, piped by a trap address: 65 returns it to its sender with the
        // receipt, where 0 said it was learned; on files the refusals stay lines of the receipt
        boolean piped = paths.contains(MailInputs.STDIN_ARGUMENT);
        return piped && receipt.allRefused() ? TrapPipeExits.DATA : Main.EXIT_OK;
    }

    /**
     * A message file (or standard input, copied to a temporary file) larger than this is learned
     * from a stream of the file, one attached message at a time, as serve learns a trap's mail
     * from its spool: read into the heap, a report was cut at 64 MiB and learned cut, and one of
     * nearly that much needed a heap of twice its size. Smaller ones are read whole, and learned
     * in groups.
     */
    static final int HELD_FILE_BYTES = 4 << 20;

    /**
     * Trap messages waiting to be learned together, in one transaction: up to {@link #MESSAGES} of
     * them or {@link #BYTES} bytes. A commit per report cost its page writes and fsync (about 20 ms
     * here), so a backlog of a thousand took 20 s. An interrupted run keeps the groups committed.
     */
    private final class Backlog {
        static final int MESSAGES = 500;
        static final long BYTES = 32L << 20;

        private final TrapLearner trap;
        private final MailClass mailClass;
        private final TrapReceipt receipt;
        private final List<String> origins = new ArrayList<>();
        private final List<byte[]> messages = new ArrayList<>();
        private long bytes;
        /** Messages cut in a mailbox or a pipe, not learned; and all that could not be read, those included. */
        int tooLarge;
        int unread;

        Backlog(TrapLearner trap, MailClass mailClass, TrapReceipt receipt) {
            this.trap = trap;
            this.mailClass = mailClass;
            this.receipt = receipt;
        }

        /**
         * One trap message: waits for the group's transaction, or, cut as it was read, is learned
         * from a stream of its file; one cut that has no file of its own is not learned, since
         * what a cut report holds is a cut message, learned under another identity than its own.
         */
        void add(RawMessage m, Optional<Path> wholeFile) {
            if (!m.has(RawMessage.Anomaly.TRUNCATED)) {
                add(m.origin(), m.bytes());
            } else if (wholeFile.isPresent()) {
                learnStreamed(m.origin(), wholeFile.get());
            } else {
                InputWarnings.tooLargeToUse(ctx.err(), m, "not learned");
                tooLarge++;
                unread++;
            }
        }

        private void add(String origin, byte[] message) {
            origins.add(origin);
            messages.add(message);
            bytes += message.length;
            if (messages.size() >= MESSAGES || bytes >= BYTES) learn();
        }

        /** Learns the file's one message in a transaction of its own, after the group before it, so the receipt keeps the order given. */
        private void learnStreamed(String origin, Path file) {
            learn();
            List<TrapLearner.Result> results;
            try {
                results = trap.learn(() -> Files.newInputStream(file), mailClass);
            } catch (IOException e) {
                // gone or unreadable since it was first read: as any path that cannot be read
                ctx.err().println("bayard: warning: " + Main.oneLine(origin) + ": " + IoProblem.reason(e) + "; skipped");
                unread++;
                return;
            }
            report(origin, results);
        }

        /** Learns what waits, and reports each trap message's parts in the order given. */
        void learn() {
            if (messages.isEmpty()) return;
            List<List<TrapLearner.Result>> results = trap.learnAll(messages, mailClass);
            for (int m = 0; m < results.size(); m++) report(origins.get(m), results.get(m));
            origins.clear();
            messages.clear();
            bytes = 0;
        }

        /** One trap message's parts on the receipt, and a line for each refused one (each one with -v). */
        private void report(String origin, List<TrapLearner.Result> results) {
            receipt.trapMessage();
            for (TrapLearner.Result r : results) {
                String line = receipt.add(origin, r);
                if (verbose || r.refused()) ctx.out().println(line);
            }
        }
    }
}
