package org.bayard.app.cli;

import java.util.List;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.mailbox.MailInputs;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.TrapExtractor;
import org.bayard.core.train.TrapLearner;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bayard trap}: what a spam or ham trap address does with its mail, from the command line. */
@Command(name = "trap", mixinStandardHelpOptions = true,
        description = {"Learn mail sent to a spam or ham trap. Each attached message (message/rfc822, or a part of a "
                + "multipart/digest) is learned on its own; a message with nothing attached (bounced or resent) is "
                + "learned whole. Our own X-Spam-* headers are removed first. Sending the same report again learns "
                + "nothing; reporting a message to the other trap moves it.",
                "Parts that are empty or not a message are refused with the reason; the rest are still learned.",
                "PATH is a message file, a directory, an mbox, a Maildir, or - for stdin; each message in it is one "
                        + "trap message."})
public final class TrapCommand extends StoreCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ClassChoice choice;

    @Option(names = {"-v", "--verbose"}, description = "Print the outcome for every attached message.")
    boolean verbose;

    @Parameters(arity = "1..*", paramLabel = "PATH")
    List<String> paths;

    public TrapCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(Engine engine) {
        Inputs.requireReadable(paths);
        MailClass mailClass = choice.mailClass();
        TrapLearner trap = new TrapLearner(
                new TrapExtractor(engine.config().limits(), MailInputs.DEFAULT_MAX_MESSAGE_BYTES),
                engine.preparer(), engine.store(), engine.learner());
        TrapReceipt receipt = new TrapReceipt(mailClass);
        Inputs.each(ctx, paths, m -> {
            receipt.trapMessage();
            for (TrapLearner.Result r : trap.learn(m.bytes(), mailClass)) {
                String line = receipt.add(m.origin(), r);
                if (verbose || r.refused()) ctx.out().println(line);
            }
        });
        ctx.out().println(receipt.summary());
        return 0;
    }
}
