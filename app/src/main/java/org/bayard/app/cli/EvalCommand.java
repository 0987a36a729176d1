package org.bayard.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.core.IoProblem;
import org.bayard.app.UsageException;
import org.bayard.app.UserException;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.StoreStats;
import org.bayard.core.token.Tokenizer;
import org.bayard.eval.CrossValidation;
import org.bayard.eval.Evaluation;
import org.bayard.eval.Folds;
import org.bayard.eval.LabelledMessage;
import org.bayard.eval.ScoreFile;
import org.bayard.eval.ScoredMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true, subcommands = EvalPlotCommand.class,
        description = {"Measure accuracy on a labelled corpus (TREC index: 'spam PATH' / 'ham PATH' per line, paths "
                + "relative to the index file's folder). Runs on fresh in-memory stores; the configured store is not touched.",
                "online: classify each message in index order, then train it with its label (give index.chrono for time order).",
                "batch: train the first half, classify the second half.",
                "cv: k-fold cross-validation, stratified by class: train on k-1 folds, score the held-out one.",
                "Also recommends the ham and spam cutoffs that would have cost least (see --cost-*)."})
public final class EvalCommand implements Callable<Integer> {
    private final AppContext ctx;
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ConfigOption configOption;
    @Mixin CostOptions cost;

    // Not required by picocli: 'eval plot' is a subcommand and does without it.
    @Option(names = "--index", paramLabel = "FILE", description = "The labelled corpus (required); '-' reads it from standard input, its paths then relative to the current folder.") Path index;
    @Option(names = "--protocol", paramLabel = "online|batch|tte|cv", description = "online, batch, tte (batch whose training half is trained to exhaustion) or cv. Default: ${DEFAULT-VALUE}.") String protocol = "online";
    @Option(names = "--folds", paramLabel = "K", description = "cv: number of folds (default: ${DEFAULT-VALUE}).") int folds = 10;
    @Option(names = "--seed", paramLabel = "N", description = "cv: seed of the shuffle that deals messages to folds (default: ${DEFAULT-VALUE}).") long seed = 42;
    @Option(names = "--threads", paramLabel = "N", description = "cv: threads preparing messages and running folds (default: the number of processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    private static final int MAX_THREADS = 1024;
    /** {@link #index} once given: how it is read and named. */
    private EvalIndex corpusIndex;
    @Option(names = "--scores", paramLabel = "OUT.tsv", description = "Write label<TAB>score<TAB>path per scored message, in index order; the score is the spam log-odds ln(p/(1-p)), ordered like p but exact where p rounds to 0 or 1. '-' is standard output (the figures then go to standard error).") Path scores;
    @Option(names = "--json", description = "Print the figures as a JSON object.") boolean json;
    @Option(names = "--report", paramLabel = "DIR", description = "Write roc.svg, roc.png, eval.json and report.html into DIR.") Path report;

    public EvalCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        if (index == null) throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--index=FILE'");
        corpusIndex = new EvalIndex(index);
        EvalProtocol how = EvalProtocol.parse(protocol, folds, seed, spec.commandLine());
        // '-' is a stream for --index and --scores; a report folder named '-' was made instead
        if (report != null && report.toString().equals("-")) {
            throw new UsageException("--report - cannot be standard output: a report is four files; give it a folder");
        }
        if (scoresToStandardOutput() && json) {
            throw new UsageException("--json and --scores - both write to standard output: give --scores a file");
        }
        refuseScoresOverIndex();
        if (report != null && scores != null && !scoresToStandardOutput()) ReportFiles.refuseOutputInReport(report, "--scores", scores);
        cost.costs(); // a bad weight is refused now, not after the whole run (with the scores already written)
        // Folds' own words ("folds must be at least 2") came only after the index was read, and named no option
        if (how.cv()) OptionRange.atLeast("--folds", folds, 2);
        // each thread is started at once: --threads 100000 spent a minute starting threads until the
        // system refused one (an OutOfMemoryError), and 2147483647 never finished
        OptionRange.between("--threads", threads, 1, MAX_THREADS);
        BayardConfig config = configOption.config(ctx);
        ClassifierParams params = config.classifier();
        List<LabelledMessage> corpus = corpusIndex.read(ctx.in());
        new EvalCorpusChecks(corpusIndex).check(corpus, how);
        // Where the results go is checked before the run, not found wrong after an hour of it.
        if (report != null) ReportFiles.prepare(report);
        try (OutputFile scoresOut = scores == null || scoresToStandardOutput() ? null : OutputFile.create(scores)) {
            if (scoresOut != null) scoresOut.tryRoom(); // tried as the report folder is: a full disk was said after the run
            OutputFile.tryStandardOutput(ctx.out()); // the figures', or the scores', with --scores -
            return run(how, config, params, corpus, scoresOut);
        }
    }

    private int run(EvalProtocol how, BayardConfig config, ClassifierParams params, List<LabelledMessage> corpus,
                    OutputFile scoresOut) throws IOException {
        Progress progress = new Progress(ctx.err(), ctx.interactive(), "eval", how.cv() ? 2 * corpus.size() : corpus.size());
        List<ScoredMessage> scored;
        AtomicReference<StoreStats> model = new AtomicReference<>();
        try {
            scored = how.cv() ? crossValidate(how, config, corpus, steps -> { for (int i = 0; i < steps; i++) progress.step(); })
                    : new Evaluation(() -> Engine.newPreparer(config), () -> new MessageScorer(params),
                            () -> new InMemoryTokenStore(Tokenizer.VERSION), config.limits().maxScanBytes()).run(corpus, how.protocol(), done -> progress.step(), model::set);
        } catch (UncheckedIOException e) {
            throw new UserException(e.getMessage(), e);
        }
        progress.finish();
        double seconds = progress.seconds();
        if (scoresOut != null) writeScores(scored, scoresOut);
        if (scoresToStandardOutput()) writeScores(scored, ctx.out());
        // with the scores on standard output, the figures would be read as lines of scores
        PrintStream figuresOut = scoresToStandardOutput() ? ctx.err() : ctx.out();

        // the scores file goes into place with the report, as tte's outputs do: a report that then
        // failed (a full disk) left a new scores file in place of the earlier run's, with exit 1
        OutputFile[] withReport = scoresOut == null ? new OutputFile[0] : new OutputFile[] {scoresOut};
        new EvalFigures(ctx, corpusIndex, how, params, cost, json, report).show(scored, model.get(), corpus.size(), seconds, figuresOut,
                withReport);
        return 0;
    }

    /** '-', as every other command's output file takes it: a file named '-' was written in the current folder. */
    private boolean scoresToStandardOutput() {
        return scores != null && scores.toString().equals("-");
    }

    /** '--scores index' typed for '--scores index.tsv' replaced the corpus's index with the scores. */
    private void refuseScoresOverIndex() {
        if (scores == null || scoresToStandardOutput() || corpusIndex.fromStandardInput() || !Files.exists(scores) || !Files.exists(index)) return;
        boolean same;
        try {
            same = Files.isSameFile(scores, index);
        } catch (IOException e) {
            return; // not comparable: whichever cannot be read is reported where it is read or written
        }
        if (same) throw new UsageException("--scores " + scores + " is the index: give the scores a file of their own");
    }

    private List<ScoredMessage> crossValidate(EvalProtocol how, BayardConfig config, List<LabelledMessage> corpus, IntConsumer progress) {
        Folds split;
        try {
            split = Folds.stratified(corpus.stream().map(LabelledMessage::label).toList(), how.folds(), how.seed());
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage(), e);
        }
        ClassifierParams params = config.classifier();
        return new CrossValidation(() -> Engine.newPreparer(config), () -> new MessageScorer(params),
                () -> new InMemoryTokenStore(Tokenizer.VERSION), threads, config.limits().maxScanBytes()).run(corpus, split, progress);
    }

    /** Writes the scores file, which is moved into place with the report (if any) once that is written too. */
    private void writeScores(List<ScoredMessage> scored, OutputFile out) {
        try {
            Writer w = new OutputStreamWriter(out.stream(), StandardCharsets.UTF_8);
            ScoreFile.write(scored, w);
            w.flush();
        } catch (IOException e) {
            // it said only 'bayard: no space left on device', naming no file
            throw new UserException("cannot write " + scores + ": " + IoProblem.reason(e), e);
        }
        OutputFile.finishAll(out);
    }

    /** Standard output's own check (Main's) reports a write that failed there. */
    private static void writeScores(List<ScoredMessage> scored, PrintStream out) {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        try {
            ScoreFile.write(scored, w);
            w.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a PrintStream does not throw; kept for the Writer's signature
        }
    }
}
