package org.bayard.app.cli;

import java.util.List;
import java.util.Optional;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "forget", mixinStandardHelpOptions = true,
        description = {"Remove messages from the counts and the ledger, whatever they were learned as.",
                "Messages are committed in batches, as learn does: an interrupted run keeps whole batches; "
                        + "running it again takes out the rest."})
public final class ForgetCommand extends StoreCommand {
    @Option(names = {"-v", "--verbose"}, description = "Print the outcome for every message.") boolean verbose;
    @Parameters(arity = "1..*", paramLabel = "PATH") List<String> paths;

    public ForgetCommand(AppContext ctx) {
        super(ctx, StoreUse.CHANGE);
    }

    @Override
    protected int run(Engine engine) {
        return UnlearnCommand.unlearn(ctx, engine, paths, Optional.empty(), verbose, "forget", "forgotten");
    }
}
