package org.bayard.app.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.bayard.core.IoProblem;
import org.bayard.app.UsageException;
import org.bayard.app.UserException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bayard.eval.CutoffComparison;
import org.bayard.eval.CutoffChoice;
import org.bayard.eval.EvalResult;
import org.bayard.eval.HtmlReport;
import org.bayard.eval.PlotLayout;
import org.bayard.eval.PngPlot;
import org.bayard.eval.RocCurve;
import org.bayard.eval.RocPlot;
import org.bayard.eval.SvgPlot;

/**
 * Writes an evaluation report into a folder: {@code roc.svg}, {@code roc.png}, {@code eval.json}
 * and {@code report.html} (one file, the SVG inlined). Shared by {@code eval} and {@code eval plot}.
 */
final class ReportFiles {
    private static final String SVG = "roc.svg";
    private static final String PNG = "roc.png";
    private static final String JSON = "eval.json";
    static final String HTML = "report.html";
    /** The files a report is, each replaced by the next report into the same folder. */
    static final List<String> NAMES = List.of(SVG, PNG, JSON, HTML);

    private ReportFiles() {}

    /**
     * Checks before a run that the report folder is one or can be made, without making it: made
     * then, it was left behind, empty, by a run that failed (too many folds, an unreadable message).
     */
    static void prepare(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) throw new UserException("cannot write a report to " + dir + ": no such folder");
        // a link to a missing folder cannot be made into one: found only after the run otherwise
        if (!Files.exists(existing)) throw new UserException("cannot write a report to " + dir + ": " + existing + " is a link to nothing");
        if (!Files.isDirectory(existing)) {
            throw new UserException("cannot write a report to " + dir + ": " + (existing.equals(dir.toAbsolutePath()) ? "it is a file"
                    : existing + " is a file"));
        }
        if (!Files.isWritable(existing)) throw new UserException("cannot write a report to " + dir + ": permission denied");
        if (existing.equals(dir.toAbsolutePath())) requireFilesOrNothing(dir);
        tryWriting(dir);
    }

    /**
     * Makes what the report will make, its folders and a file with a byte in it, and takes them
     * back: a folder the file system will not make (a name too long for it) or a disk with no room
     * left passes every check of the path, and was found only once the whole run was over.
     */
    private static void tryWriting(Path dir) {
        List<Path> madeFolders = List.of();
        Path probe = null;
        try {
            madeFolders = TemporaryFiles.createFolders(dir);
            probe = TemporaryFiles.create(dir, ".report-check");
            Files.write(probe, new byte[] {'\n'});
        } catch (IOException e) {
            throw new UserException("cannot write a report to " + dir + ": " + IoProblem.reason(e), e);
        } finally {
            if (probe != null) TemporaryFiles.delete(probe);
            TemporaryFiles.deleteFolders(madeFolders);
        }
    }

    /**
     * A folder named like a report file was found only when the report was written, after the
     * whole run; a named pipe was opened then, and the finished run waited on it for ever.
     */
    private static void requireFilesOrNothing(Path dir) {
        for (String name : NAMES) {
            Path file = dir.resolve(name);
            if (!Files.exists(file) || Files.isRegularFile(file)) continue; // none yet, a file, or a link to one: replaced
            String what = Files.isDirectory(file) ? "it is a directory" : "not a regular file";
            throw new UserException("cannot write " + file + ": " + what + "; the report writes a file there");
        }
    }

    /**
     * Refuses another output ({@code --scores}) that the report would replace or could not be
     * written beside: 'eval --scores rep/eval.json --report rep' wrote the scores, then the report
     * replaced them with its own eval.json and nothing said so.
     */
    static void refuseOutputInReport(Path dir, String option, Path file) {
        Path folder = WhereWritesLead.of(dir);
        Path output = WhereWritesLead.of(file);
        if (output.getParent() != null && output.getParent().equals(folder) && NAMES.contains(output.getFileName().toString())) {
            throw new UsageException(option + " " + file + " is a file the report writes in " + dir + ": give the scores a file of their own");
        }
        // a folder that exists is refused as one where the output is opened, in the same words as elsewhere
        if (!Files.isDirectory(file) && folder.startsWith(output)) {
            throw new UsageException(option + " " + file + " is where the report goes (" + dir + "): give the scores a file of their own");
        }
    }

    /**
     * Renders the four files in memory, writes each to a temporary beside it and moves them into
     * place together: a write that fails (a full disk) leaves the folder as it was, and removes
     * the folders it made for them. Written one by one in place, a full disk left a complete roc.svg beside a truncated roc.png, no
     * eval.json or report.html, and the error "i/O error writing PNG file!".
     *
     * @param alongside the run's other outputs, written and not yet in place ({@code eval --scores}):
     *     moved into place with the report, so that a report that fails replaces none of them
     */
    static void write(Path dir, RocPlot plot, List<String> notes, List<HtmlReport.Table> tables, Map<String, Object> json,
                      OutputFile... alongside) throws IOException {
        List<Path> madeFolders;
        try {
            madeFolders = TemporaryFiles.createFolders(dir);
        } catch (IOException e) {
            throw new UserException("cannot write a report to " + dir + ": " + IoProblem.describe(e), e);
        }
        PlotLayout layout = PlotLayout.of(plot);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        PngPlot.write(layout, png);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(SVG, SvgPlot.file(layout).getBytes(StandardCharsets.UTF_8));
        files.put(PNG, png.toByteArray());
        files.put(JSON, (Json.writePretty(json) + "\n").getBytes(StandardCharsets.UTF_8));
        files.put(HTML, HtmlReport.render(plot.title(), notes, SvgPlot.inline(layout), tables).getBytes(StandardCharsets.UTF_8));
        List<OutputFile> outputs = new ArrayList<>();
        boolean committed = false;
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                OutputFile out = OutputFile.create(dir.resolve(f.getKey()));
                outputs.add(out);
                readableLikeFolder(out);
                write(out, f.getValue());
            }
            List<OutputFile> all = new ArrayList<>(List.of(alongside));
            all.addAll(outputs);
            OutputFile.commitAll(madeFolders, all.toArray(OutputFile[]::new));
            committed = true;
        } finally {
            for (OutputFile out : outputs) out.close(); // removes the temporaries unless committed
            // a folder made for this report and left empty would look like a report that was written
            if (!committed) TemporaryFiles.deleteFolders(madeFolders);
        }
    }

    private static void readableLikeFolder(OutputFile out) {
        try {
            out.readableLikeFolder();
        } catch (IOException e) {
            throw new UserException("cannot write " + out.name() + ": " + IoProblem.reason(e), e);
        }
    }

    private static void write(OutputFile out, byte[] bytes) {
        try {
            out.stream().write(bytes);
        } catch (IOException e) {
            throw new UserException("cannot write " + out.name() + ": " + IoProblem.reason(e), e);
        }
    }

    /** One row per curve: the rank-only figures, comparable across filters whatever their score scale. */
    static HtmlReport.Table curves(List<RocCurve> curves) {
        List<List<String>> rows = new ArrayList<>();
        for (RocCurve c : curves) {
            rows.add(List.of(c.label(), Integer.toString(c.messages()), Integer.toString(c.hams()), Integer.toString(c.spams()),
                    f("%.6f", c.auc()), f("%.4f", c.oneMinusRocaPercent()), f("%.2f", c.smAtHm01Percent())));
        }
        return new HtmlReport.Table("Curves", List.of("filter", "messages", "ham", "spam", "AUC", "1-ROCA%", "sm% at hm 0.1%"), rows);
    }

    static HtmlReport.Table figures(EvalResult r) {
        return new HtmlReport.Table("Figures at the configured cutoffs", List.of("figure", "value"), List.of(
                List.of("messages scored", r.n() + " (ham " + r.ham() + ", spam " + r.spam() + ")"),
                List.of("AUC", f("%.6f", r.auc())),
                List.of("1-ROCA%", f("%.4f", r.oneMinusRocaPercent())),
                List.of("hm% (ham called spam)", f("%.2f", r.hmPercent())),
                List.of("sm% (spam not called spam)", f("%.2f", r.smPercent())),
                List.of("lam%", f("%.2f", r.lamPercent())),
                List.of("sm% at hm 0.1%", f("%.2f", r.smAtHm01Percent())),
                List.of("unsure%", f("%.2f", r.unsurePercent()))));
    }

    static HtmlReport.Table cutoffs(CutoffComparison c) {
        String caption = "Cutoffs by cost (false positive " + CutoffComparison.number(c.costs().falsePositive()) + ", false negative "
                + CutoffComparison.number(c.costs().falseNegative()) + ", unsure " + CutoffComparison.number(c.costs().unsure()) + ")";
        return new HtmlReport.Table(caption, List.of("", "ham-cutoff", "spam-cutoff", "cost", "fp", "fn", "unsure", "hm%", "sm%", "unsure%"),
                List.of(cutoffRow("configured", c.configured(), c.atConfigured()), cutoffRow("recommended", c.recommended(), c.atRecommended())));
    }

    private static List<String> cutoffRow(String name, CutoffChoice c, EvalResult at) {
        return List.of(name, CutoffComparison.cutoff(c.hamCutoff()), CutoffComparison.cutoff(c.spamCutoff()), f("%.1f", c.cost()),
                Integer.toString(c.falsePositives()), Integer.toString(c.falseNegatives()), Integer.toString(c.unsure()),
                f("%.2f", at.hmPercent()), f("%.2f", at.smPercent()), f("%.2f", at.unsurePercent()));
    }

    /**
     * The configured cutoffs (probabilities) as points on our curve, whose scores are log-odds:
     * where the filter puts them, comparing the probability (a spam cutoff of 1 catches every
     * message whose probability is 1; compared as log-odds, it caught none).
     */
    static List<RocPlot.Marker> cutoffMarkers(int curve, double[] probabilities, boolean[] spam, double hamCutoff, double spamCutoff) {
        RocCurve byProbability = RocCurve.of("probabilities", probabilities, spam);
        return List.of(new RocPlot.Marker(curve, "ham-cutoff " + CutoffComparison.cutoff(hamCutoff), byProbability.at(hamCutoff)),
                new RocPlot.Marker(curve, "spam-cutoff " + CutoffComparison.cutoff(spamCutoff), byProbability.at(spamCutoff)));
    }

    private static String f(String format, double d) {
        return String.format(Locale.ROOT, format, d);
    }
}
