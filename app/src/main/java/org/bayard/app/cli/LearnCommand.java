package org.bayard.app.cli;

import java.util.List;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.store.LearnSource;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.LearnOutcome;
import org.bayard.core.train.PreparedMessage;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "learn", mixinStandardHelpOptions = true,
        description = {"Learn messages as spam or ham. Learning a message twice changes nothing; learning it into "
                + "the other class unlearns the old class first.",
                "PATH is a message file, a directory, an mbox, a Maildir, or - for stdin."})
public final class LearnCommand extends StoreCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ClassChoice choice;

    @Option(names = {"-v", "--verbose"}, description = "Print the outcome for every message.")
    boolean verbose;

    @Parameters(arity = "1..*", paramLabel = "PATH")
    List<String> paths;

    public LearnCommand(AppContext ctx) {
        super(ctx);
    }

    @Override
    protected int run(Engine engine) {
        Inputs.requireReadable(paths);
        MailClass mailClass = choice.mailClass();
        LearnTally tally = new LearnTally();
        Inputs.each(ctx, paths, m -> {
            PreparedMessage prepared = engine.preparer().prepare(m.bytes(), false);
            LearnOutcome outcome = engine.learner().learn(prepared, mailClass, LearnSource.MANUAL);
            tally.add(outcome);
            if (verbose) ctx.out().println(m.origin() + ": " + outcome.describe());
        });
        ctx.out().println(tally.summary("learn " + mailClass.label()));
        return 0;
    }
}
