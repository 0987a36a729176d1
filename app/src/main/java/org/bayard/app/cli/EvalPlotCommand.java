package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.core.IoProblem;
import org.bayard.app.UsageException;
import org.bayard.app.UserException;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.eval.CutoffComparison;
import org.bayard.eval.EvalResult;
import org.bayard.eval.HtmlReport;
import org.bayard.eval.Evaluation;
import org.bayard.eval.RocCurve;
import org.bayard.eval.RocPlot;
import org.bayard.eval.ScoreFile;
import org.bayard.eval.ScoreFileAgreement;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw the ROC curves of several score files (label<TAB>score<TAB>path, as 'eval --scores' writes) on one plot, "
                + "with a table of their 1-ROCA%%. Scores may be on any scale: only their order matters.",
                "Only the curve named by --ours gets its configured cutoffs marked and cutoffs recommended by cost."})
public final class EvalPlotCommand implements Callable<Integer> {
    private final AppContext ctx;
    @Mixin ConfigOption configOption;
    @Mixin CostOptions cost;

    @Option(names = "--scores", paramLabel = "FILE", required = true, description = "A score file; repeat for each filter.")
    List<Path> files;
    @Option(names = "--label", paramLabel = "NAME", description = "The name of the matching --scores curve, in the same order (default: the file name).")
    List<String> labels = new ArrayList<>();
    @Option(names = "--ours", paramLabel = "NAME", description = "The curve whose scores are Bayard's log-odds, as 'eval --scores' writes them (default: ${DEFAULT-VALUE}; none if no curve has that name).")
    String ours = "bayard";
    @Option(names = "--title", paramLabel = "TEXT", description = "Default: ${DEFAULT-VALUE}.") String title = "ROC curves";
    @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "Write roc.svg, roc.png, eval.json and report.html into DIR.")
    Path out;

    public EvalPlotCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        if (labels.size() > files.size()) throw new UsageException(labels.size() + " --label for " + files.size() + " --scores: one name per score file, in the same order");
        cost.costs(); // refused before the output folder is made
        List<String> names = curveLabels();
        ClassifierParams params = configOption.config(ctx).classifier();
        List<RocCurve> curves = new ArrayList<>();
        List<Map<String, Object>> curveFigures = new ArrayList<>();
        List<RocPlot.Marker> markers = new ArrayList<>();
        List<HtmlReport.Table> tables = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        List<ScoreFileAgreement.Scored> read = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) read.add(new ScoreFileAgreement.Scored(names.get(i), files.get(i), read(files.get(i))));
        List<String> warnings;
        try {
            warnings = new ArrayList<>(ScoreFileAgreement.check(read));
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String label = names.get(i);
            List<ScoreFile.Entry> entries = read.get(i).entries();
            double[] scores = ScoreFile.scores(entries);
            boolean[] spam = ScoreFile.spam(entries);
            requireBothClasses(file, label, spam);
            RocCurve curve = RocCurve.of(label, scores, spam);
            curves.add(curve);
            if (curve.auc() < 0.5) {
                // below the diagonal: not a filter worse than chance, but one whose scale is the other way round (CRM114's pR)
                warnings.add(String.format(Locale.ROOT, "warning: %s ranks ham above spam (AUC %.4f): its scores seem to run the other"
                        + " way (higher for ham); negate them so that higher means spammier", label, curve.auc()));
            }
            curveFigures.add(curveFigures(curve, file));
            if (label.equals(ours)) {
                markers.addAll(ReportFiles.cutoffMarkers(i, Evaluation.probabilities(scores), spam, params.hamCutoff(), params.spamCutoff()));
                // Our score files hold log-odds (see 'eval --scores'); cutoffs are probabilities.
                EvalResult result = Evaluation.measure(scores, spam, params.hamCutoff(), params.spamCutoff());
                CutoffComparison cutoffs;
                try {
                    cutoffs = CutoffComparison.of(Evaluation.probabilities(scores), spam, cost.costs(), params.hamCutoff(), params.spamCutoff());
                } catch (IllegalArgumentException e) {
                    throw new UserException("'" + label + "' is taken for Bayard's curve (--ours), but " + e.getMessage(), e);
                }
                Map<String, Object> ourFigures = new LinkedHashMap<>(result.toMap());
                ourFigures.put("cutoffs", cutoffs.toMap());
                json.put("ours", ourFigures);
                tables.add(ReportFiles.figures(result));
                tables.add(ReportFiles.cutoffs(cutoffs));
            }
        }
        json.put("curves", curveFigures);
        if (!warnings.isEmpty()) json.put("warnings", warnings);
        json.put("date", ctx.clock().instant().toString());
        tables.add(0, ReportFiles.curves(curves));
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) notes.add(curves.get(i).label() + ": " + files.get(i));
        for (String w : warnings) notes.add(w.substring("warning: ".length()));
        // Only once every score file was read: a bad line left an empty new output folder behind.
        ReportFiles.prepare(out);
        ReportFiles.write(out, new RocPlot(title, curves, markers), notes, tables, json);
        for (String w : warnings) ctx.out().println(w);
        int nameWidth = 16; // or the longest name: a longer one pushed its row's figures out of line with the heading
        for (RocCurve c : curves) nameWidth = Math.max(nameWidth, c.label().length());
        ctx.out().printf(Locale.ROOT, "%-" + nameWidth + "s %8s %10s %14s%n", "filter", "messages", "1-ROCA%", "sm% at hm 0.1%");
        for (RocCurve c : curves) {
            ctx.out().printf(Locale.ROOT, "%-" + nameWidth + "s %8d %10.4f %14.2f%n", c.label(), c.messages(), c.oneMinusRocaPercent(),
                    c.smAtHm01Percent());
        }
        ctx.out().println("report: " + out.resolve(ReportFiles.HTML));
        return 0;
    }

    /**
     * Each curve's name, distinct: two curves of one name were drawn in two colours under one
     * legend entry and listed twice in the table, with no way to tell which file was which (two
     * runs' 'scores.tsv' from different folders both default to 'scores').
     */
    private List<String> curveLabels() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String label = i < labels.size() ? labels.get(i) : defaultLabel(files.get(i));
            if (names.contains(label)) {
                throw new UserException("two curves are named '" + label + "' (" + files.get(names.indexOf(label)) + " and "
                        + files.get(i) + "); give each --scores its own --label");
            }
            names.add(label);
        }
        return names;
    }

    private static Map<String, Object> curveFigures(RocCurve c, Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", c.label());
        m.put("file", file.toString());
        m.put("n", c.messages());
        m.put("ham", c.hams());
        m.put("spam", c.spams());
        m.put("auc", c.auc());
        m.put("one_minus_roca_percent", c.oneMinusRocaPercent());
        m.put("sm_at_hm01_percent", c.smAtHm01Percent());
        return m;
    }

    /** Said of the file: RocCurve's own refusal named only the curve, which --label may have renamed. */
    private static void requireBothClasses(Path file, String label, boolean[] spam) {
        int spams = 0;
        for (boolean s : spam) if (s) spams++;
        if (spam.length == 0) {
            throw new UserException("score file " + file + " (" + label + ") has no scores: a ROC curve needs both ham and spam");
        }
        if (spams == 0 || spams == spam.length) {
            throw new UserException("score file " + file + " (" + label + ") holds " + (spam.length - spams) + " ham and " + spams
                    + " spam: a ROC curve needs both ham and spam");
        }
    }

    private static String defaultLabel(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".tsv") ? name.substring(0, name.length() - 4) : name;
    }

    private static List<ScoreFile.Entry> read(Path file) throws IOException {
        try {
            return ScoreFile.read(file);
        } catch (NoSuchFileException e) {
            throw new UserException("cannot read score file " + file + ": no such file");
        } catch (IOException e) {
            throw new UserException("cannot read score file " + file + ": "
                    + (Files.isDirectory(file) ? "it is a directory" : IoProblem.reason(e)), e);
        }
    }
}
