package org.bayard.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bayard.app.AppContext;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.StoreStats;
import org.bayard.eval.CutoffComparison;
import org.bayard.eval.EvalResult;
import org.bayard.eval.Evaluation;
import org.bayard.eval.RocCurve;
import org.bayard.eval.RocPlot;
import org.bayard.eval.ScoredMessage;

/**
 * The figures of a finished {@code eval} run and where they are shown: as text or as one JSON
 * object, and in the report folder. Kept apart from the command so that making the run and
 * presenting its result read separately; the JSON object and {@code eval.json} are one map.
 */
final class EvalFigures {
    private final AppContext ctx;
    private final EvalIndex index;
    private final EvalProtocol how;
    private final ClassifierParams params;
    private final CostOptions cost;
    private final boolean json;
    private final Path report;

    /** @param report the report folder, or null for none */
    EvalFigures(AppContext ctx, EvalIndex index, EvalProtocol how, ClassifierParams params, CostOptions cost, boolean json, Path report) {
        this.ctx = ctx;
        this.index = index;
        this.how = how;
        this.params = params;
        this.cost = cost;
        this.json = json;
        this.report = report;
    }

    /**
     * Writes the report and moves it into place together with {@code withReport}, then prints the
     * figures (JSON to standard output, text to {@code figuresOut}): printed first, they stood above
     * the error of a report that a full disk stopped, as if the run had given its outputs.
     *
     * @param model the trained store's size where the protocol keeps one model, else null
     * @param withReport the run's other output files, written and closed but not in place: a report
     *     that fails must not leave them replacing an earlier run's (exit 1, yet a new scores file)
     */
    void show(List<ScoredMessage> scored, StoreStats model, int corpusSize, double seconds, PrintStream figuresOut,
              OutputFile... withReport) throws IOException {
        double[] s = scored.stream().mapToDouble(ScoredMessage::score).toArray();
        boolean[] spam = new boolean[s.length];
        for (int i = 0; i < s.length; i++) spam[i] = scored.get(i).message().label() == MailClass.SPAM;
        EvalResult result = Evaluation.measure(scored, params.hamCutoff(), params.spamCutoff());
        double[] p = Evaluation.probabilities(scored); // as the filter compares them with its cutoffs
        CutoffComparison cutoffs = CutoffComparison.of(p, spam, cost.costs(), params.hamCutoff(), params.spamCutoff());
        Map<String, Object> figures = figures(result, cutoffs, corpusSize, seconds);
        if (model != null) {
            figures.put("model_messages", model.totals().messages());
            figures.put("model_tokens", model.tokens());
        }
        if (report != null) {
            writeReport(s, p, spam, result, cutoffs, figures, withReport);
        } else {
            OutputFile.commitAll(withReport);
        }
        if (json) {
            ctx.out().println(Json.write(figures));
        } else {
            figuresOut.printf(Locale.ROOT, "%s, %s, cutoffs ham < %s <= unsure < %s <= spam, %.1fs%n", how.describe(), index.shown(),
                    CutoffComparison.number(params.hamCutoff()), CutoffComparison.number(params.spamCutoff()), seconds);
            if (model != null) {
                figuresOut.printf(Locale.ROOT, "model           %d messages (ham %d, spam %d), %d tokens%n",
                        model.totals().messages(), model.totals().ham(), model.totals().spam(), model.tokens());
            }
            figuresOut.print(result.toText());
            figuresOut.print(cutoffs.toText());
            if (report != null) figuresOut.println("report: " + report.resolve(ReportFiles.HTML));
        }
    }

    /** The {@code --json} object and {@code eval.json}: the run's figures first, then how the run was made. */
    private Map<String, Object> figures(EvalResult result, CutoffComparison cutoffs, int corpusSize, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>(result.toMap());
        m.put("protocol", how.name());
        if (how.cv()) {
            m.put("folds", how.folds());
            m.put("seed", how.seed());
        }
        m.put("index", index.asGiven());
        m.put("corpus_size", corpusSize);
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        m.put("date", ctx.clock().instant().toString());
        m.put("cutoffs", cutoffs.toMap());
        return m;
    }

    private void writeReport(double[] s, double[] p, boolean[] spam, EvalResult result, CutoffComparison cutoffs,
                             Map<String, Object> figures, OutputFile... withReport) throws IOException {
        RocCurve ours = RocCurve.of("bayard", s, spam);
        RocPlot plot = new RocPlot("Bayard: " + how.describe(), List.of(ours),
                ReportFiles.cutoffMarkers(0, p, spam, params.hamCutoff(), params.spamCutoff()));
        List<String> notes = List.of("corpus: " + index.shown() + " (" + figures.get("corpus_size") + " messages)",
                how.describe() + ", " + figures.get("seconds") + " s, " + figures.get("date"));
        ReportFiles.write(report, plot, notes, List.of(ReportFiles.figures(result), ReportFiles.cutoffs(cutoffs),
                ReportFiles.curves(List.of(ours))), figures, withReport);
    }
}
