package org.bayard.app.cli;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.Main;
import org.bayard.app.UserException;
import org.bayard.core.classify.Clue;
import org.bayard.core.classify.Score;
import org.bayard.core.policy.BayesSymbol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Print the spam probability, verdict and strongest clues of each message.",
                "A path that cannot be read is reported on stderr and the others are still scored; the exit code is then 1."})
public final class ScoreCommand extends StoreCommand {
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
        for (String path : paths) {
            try {
                Inputs.requireReadable(List.of(path));
                Inputs.each(ctx, List.of(path), m -> {
                    Score score = engine.score(m.bytes(), true);
                    ctx.out().println(json ? Json.write(toMap(m.origin(), score, clues)) : toLine(m.origin(), score, clues, ctx.out().charset()));
                });
            } catch (UserException e) {
                ctx.err().println("bayard: " + Main.oneLine(e.getMessage()));
                status = 1;
            }
        }
        return status;
    }

    static String toLine(String origin, Score score, int clues, Charset charset) {
        String top = score.topClues(clues).stream()
                .map(c -> String.format(Locale.ROOT, "\"%s\" %.3f", Printable.forOutput(c.name(), charset), c.probability()))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s  %-6s p=%.6f  %s  clues: %s", Main.oneLine(origin), score.verdict().label(),
                score.probability(), BayesSymbol.of(score.probability(), BayesSymbol.DEFAULT_BANDS).name(), top);
    }

    static Map<String, Object> toMap(String origin, Score score, int clues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("origin", origin);
        m.put("probability", score.probability());
        m.put("verdict", score.verdict().label());
        m.put("symbol", BayesSymbol.of(score.probability(), BayesSymbol.DEFAULT_BANDS).name());
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
