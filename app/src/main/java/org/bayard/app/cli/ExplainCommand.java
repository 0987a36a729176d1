package org.bayard.app.cli;

import java.util.List;
import java.util.Locale;
import org.bayard.app.AppContext;
import org.bayard.app.StopsWithItsReader;
import org.bayard.app.Engine;
import org.bayard.app.Main;
import org.bayard.core.classify.Clue;
import org.bayard.core.classify.Score;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.Totals;
import org.bayard.core.policy.PolicyParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Show every clue behind a message's score, with its ham and spam counts.",
                "In a folder, a file that cannot be read is reported on stderr and the others are still explained; the exit code is then 1."})
public final class ExplainCommand extends StoreCommand implements StopsWithItsReader {
    @Parameters(arity = "1", paramLabel = "PATH") String path;

    public ExplainCommand(AppContext ctx) {
        super(ctx, StoreUse.READ);
    }

    @Override
    protected int run(Engine engine) {
        Inputs.requireReadable(List.of(path));
        Totals totals;
        try (ReadView view = engine.store().read()) {
            totals = view.totals();
        }
        Totals t = totals;
        int skipped = Inputs.eachReadable(ctx, List.of(path), m -> {
            InputWarnings.notMail(ctx.err(), m, "explained as it is");
            Score score = engine.score(m.bytes(), true);
            ctx.out().printf(Locale.ROOT, "%s%n  probability %.6f, verdict %s%n  %d distinct tokens, %d used as clues; "
                            + "store has %d ham and %d spam%n%n", Main.oneLine(m.origin()), score.probability(), score.verdict().label(),
                    score.tokens(), score.used(), t.ham(), t.spam());
            // the classifier's own judgement is shown either way; the policy's use of it is another matter
            engine.config().policy().bayesMinLearned().shortfall(t).ifPresent(why -> ctx.out().printf(Locale.ROOT,
                    "  Bayes not used by the policy yet: %s (policy.bayes-min-ham, policy.bayes-min-spam);%n"
                            + "  serve, filter and the HTTP check give it no points (%s), and its unsure verdict holds, tags or delays nothing%n%n",
                    why, PolicyParams.BAYES_UNDERTRAINED));
            ctx.out().printf(Locale.ROOT, "  %-8s %7s %7s  %s%n", "prob", "ham", "spam", "token");
            for (Clue c : score.clues()) {
                ctx.out().printf(Locale.ROOT, "  %-8.4f %7d %7d  %s%n", c.probability(), c.hamCount(), c.spamCount(),
                        Printable.forOutput(c.name(), ctx.out().charset()));
            }
        });
        return skipped == 0 ? Main.EXIT_OK : Main.EXIT_INPUT;
    }
}
