package org.bayard.app.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.token.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Print the features the tokenizer sees in a message, one per line, in the order first seen.")
public final class TokensCommand implements Callable<Integer> {
    private final AppContext ctx;
    @Mixin ConfigOption configOption;
    @Parameters(arity = "1", paramLabel = "FILE", description = "A message file, an mbox, or - for stdin.") String path;

    public TokensCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        BayardConfig config = configOption.config(ctx);
        Tokenizer tokenizer = new Tokenizer(config.limits());
        Inputs.requireReadable(List.of(path));
        Inputs.each(ctx, List.of(path), m -> {
            Set<String> seen = new LinkedHashSet<>();
            tokenizer.tokenize(m.bytes(), (prefix, word) -> {
                if (seen.size() < config.limits().maxTokens()) seen.add(prefix + word);
            });
            for (String f : seen) ctx.out().println(Printable.forOutput(f, ctx.out().charset()));
        });
        return 0;
    }
}
