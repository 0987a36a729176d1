package org.bayard.app.cli;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.bayard.app.AppContext;
import org.bayard.app.StopsWithItsReader;
import org.bayard.app.Engine;
import org.bayard.app.Main;
import org.bayard.app.UserException;
import org.bayard.core.classify.Clue;
import org.bayard.core.classify.Score;
import org.bayard.core.policy.BayesSymbol;
import org.bayard.core.policy.PolicyParams;
import org.bayard.core.policy.TrainingMinimum;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Print the spam probability, verdict and strongest clues of each message.",
                "A path that cannot be read (named, or met in a folder) is reported on stderr and the others are still scored; the exit code is then 1.",
                "A file that is no mail message (empty, binary) is scored as it is, with a warning on stderr."})
public final class ScoreCommand extends StoreCommand implements StopsWithItsReader {
    @Option(names = "--json", description = "One JSON object per message (JSON Lines).") boolean json;
    @Option(names = "--clues", paramLabel = "N", description = "Clues to show per message (default: ${DEFAULT-VALUE}).") int clues = 5;
    @Parameters(arity = "1..*", paramLabel = "PATH") List<String> paths;

    public ScoreCommand(AppContext ctx) {
        super(ctx, StoreUse.READ);
    }

    @Override
    protected void checkOptions() {
        OptionRange.atLeast("--clues", clues, 0);
    }

    @Override
    protected int run(Engine engine) {
        int status = 0;
        TrainingMinimum minimum = engine.config().policy().bayesMinLearned();
        for (String path : paths) {
            try {
                Inputs.requireReadable(List.of(path));
                int skipped = Inputs.eachReadable(ctx, List.of(path), m -> {
                    InputWarnings.notMail(ctx.err(), m, "scored as it is");
                    Engine.Scored scored = engine.scoreWithTotals(m.bytes(), true);
                    Optional<String> notUsed = minimum.shortfall(scored.learned());
                    Score score = scored.score();
                    ctx.out().println(json ? Json.write(toMap(m.origin(), score, clues, notUsed))
                            : toLine(m.origin(), score, clues, ctx.out().charset(), notUsed.isPresent()));
                });
                if (skipped > 0) status = 1;
            } catch (UserException e) {
                ctx.err().println("bayard: " + Main.oneLine(e.getMessage()));
                status = 1;
            }
        }
        return status;
    }

    /**
     * @param bayesNotUsed the store has learned too little for the policy to use the score: the
     *     probability and verdict are still the classifier's (to watch the model learn), but the
     *     band reads BAYES_UNDERTRAINED, as the gate's tests= says it ({@code explain} says why)
     */
    static String toLine(String origin, Score score, int clues, Charset charset, boolean bayesNotUsed) {
        String top = score.topClues(clues).stream()
                .map(c -> String.format(Locale.ROOT, "\"%s\" %.3f", Printable.forOutput(c.name(), charset), c.probability()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s  %-6s p=%.6f  %s  clues: %s", Main.oneLine(origin), score.verdict().label(),
                score.probability(), bayesNotUsed ? PolicyParams.BAYES_UNDERTRAINED
                        : BayesSymbol.of(score.probability(), BayesSymbol.DEFAULT_BANDS).name(), top);
    }

    /** @param notUsed why the policy gives Bayes no weight yet (too little learned); empty when it does */
    static Map<String, Object> toMap(String origin, Score score, int clues, Optional<String> notUsed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("origin", origin);
        m.put("probability", score.probability());
        m.put("verdict", score.verdict().label());
        m.put("symbol", notUsed.isPresent() ? PolicyParams.BAYES_UNDERTRAINED : BayesSymbol.of(score.probability(), BayesSymbol.DEFAULT_BANDS).name());
        m.put("bayes_used", notUsed.isEmpty());
        notUsed.ifPresent(why -> m.put("bayes_not_used", why));
        m.put("tokens", score.tokens());
        m.put("used", score.used());
        List<Map<String, Object>> list = new ArrayList<>();
        for (Clue c : score.topClues(clues)) {
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("token", c.name());
            cm.put("probability", c.probability());
            cm.put("ham", c.hamCount());
            cm.put("spam", c.spamCount());
            list.add(cm);
        }
        m.put("clues", list);
        return m;
    }
}
