package org.bayard.app.cli;

import java.util.List;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.store.MailClass;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Parameters;

/** A command that learns the messages in its PATHs into the class --spam or --ham names: learn and trap. */
abstract class LearnsIntoClassCommand extends StoreCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    ClassChoice choice;

    @Parameters(arity = "1..*", paramLabel = "PATH")
    List<String> paths;

    LearnsIntoClassCommand(AppContext ctx) {
        super(ctx);
    }

    /** Before the store is opened: a missing file made an empty store at a new --db before it was refused. */
    @Override
    protected final void checkOptions() {
        Inputs.requireReadable(paths);
    }

    @Override
    protected final int run(Engine engine) {
        return learnInto(engine, choice.mailClass());
    }

    /** Learns every message of {@link #paths} as {@code mailClass}; the exit code. */
    protected abstract int learnInto(Engine engine, MailClass mailClass);
}
