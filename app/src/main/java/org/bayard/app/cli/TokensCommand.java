package org.bayard.app.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.StopsWithItsReader;
import org.bayard.app.Main;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.token.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = {"Print the features the tokenizer sees in a message, one per line, in the order first seen.",
                "When FILE holds several messages (an mbox, a folder), each message's features follow a line "
                        + "'==> ORIGIN <==', as head does for several files; one in it that cannot be read is reported on "
                        + "stderr and the others are still printed, the exit code then 1."})
public final class TokensCommand implements Callable<Integer>, StopsWithItsReader {
    private final AppContext ctx;
    @Mixin ConfigOption configOption;
    @Parameters(arity = "1", paramLabel = "FILE", description = "A message file, an mbox, or - for stdin.") String path;

    public TokensCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    /** Messages read so far, and the first one's features, held back until the second shows whether to head them. */
    private int messages;
    private String firstOrigin;
    private Set<String> firstFeatures;

    @Override
    public Integer call() {
        BayardConfig config = configOption.config(ctx);
        Tokenizer tokenizer = new Tokenizer(config.limits());
        Inputs.requireReadable(List.of(path));
        // The first message's features wait until it is known whether another follows: a lone
        // message prints as before, several each get a heading (they ran together, unattributed).
        int skipped = Inputs.eachReadable(ctx, List.of(path), m -> {
            InputWarnings.notMail(ctx.err(), m, "its features as read");
            Set<String> seen = new LinkedHashSet<>();
            tokenizer.tokenize(m.bytes(), (prefix, word) -> {
                if (seen.size() < config.limits().maxTokens()) seen.add(prefix + word);
            });
            if (messages++ == 0) {
                firstOrigin = m.origin();
                firstFeatures = seen;
                return;
            }
            if (messages == 2) print(firstOrigin, firstFeatures, true);
            print(m.origin(), seen, true);
        });
        if (messages == 1) print(firstOrigin, firstFeatures, false);
        return skipped == 0 ? Main.EXIT_OK : Main.EXIT_INPUT;
    }

    private void print(String origin, Set<String> features, boolean heading) {
        if (heading) ctx.out().println("==> " + Main.oneLine(origin) + " <==");
        for (String f : features) ctx.out().println(Printable.forOutput(f, ctx.out().charset()));
    }
}
