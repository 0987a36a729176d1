package org.bayard.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bayard.app.AppContext;
import org.bayard.app.Engine;
import org.bayard.app.UserException;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.token.Tokenizer;
import org.bayard.eval.EvalResult;
import org.bayard.eval.Evaluation;
import org.bayard.eval.LabelledMessage;
import org.bayard.eval.Protocol;
import org.bayard.eval.ScoredMessage;
import org.bayard.eval.TrecIndex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure accuracy on a labelled corpus (TREC index: 'spam PATH' / 'ham PATH' per line, paths "
                + "relative to the index file's folder). Runs on a fresh in-memory store; the configured store is not touched.",
                "online: classify each message in order, then train it with its label.",
                "batch: train the first half, classify the second half."})
public final class EvalCommand implements Callable<Integer> {
    private final AppContext ctx;
    @Mixin CommonOptions common;

    @Option(names = "--index", required = true, paramLabel = "FILE") Path index;
    @Option(names = "--protocol", paramLabel = "online|batch", description = "Default: ${DEFAULT-VALUE}.") String protocol = "online";
    @Option(names = "--scores", paramLabel = "OUT.tsv", description = "Write label<TAB>score<TAB>path per message, in index order.") Path scores;
    @Option(names = "--json", description = "Print the figures as a JSON object.") boolean json;

    public EvalCommand(AppContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Protocol p = switch (protocol.toLowerCase(Locale.ROOT)) {
            case "online" -> Protocol.ONLINE;
            case "batch" -> Protocol.BATCH;
            default -> throw new UserException("unknown protocol '" + protocol + "': use online or batch");
        };
        BayardConfig config = common.config(ctx);
        List<LabelledMessage> corpus = readIndex();
        ClassifierParams params = config.classifier();
        Evaluation evaluation = new Evaluation(() -> Engine.newPreparer(config), () -> new MessageScorer(params),
                () -> new InMemoryTokenStore(Tokenizer.VERSION));
        Progress progress = new Progress(ctx.err(), ctx.interactive(), "eval", corpus.size());
        List<ScoredMessage> scored;
        try {
            scored = evaluation.run(corpus, p, done -> progress.step());
        } catch (UncheckedIOException e) {
            throw new UserException(e.getMessage(), e);
        }
        progress.finish();
        if (scores != null) writeScores(scored);
        EvalResult result = Evaluation.measure(scored, params.hamCutoff(), params.spamCutoff());
        if (json) {
            ctx.out().println(Json.write(result.toMap()));
        } else {
            ctx.out().printf(Locale.ROOT, "%s protocol, %s, cutoffs ham < %.2f <= unsure < %.2f <= spam, %.1fs%n",
                    p.name().toLowerCase(Locale.ROOT), index, params.hamCutoff(), params.spamCutoff(), progress.seconds());
            ctx.out().print(result.toText());
        }
        return 0;
    }

    private List<LabelledMessage> readIndex() throws IOException {
        try {
            return TrecIndex.read(index);
        } catch (NoSuchFileException e) {
            throw new UserException("cannot read index " + index + ": no such file");
        }
    }

    private void writeScores(List<ScoredMessage> scored) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(scores, StandardCharsets.UTF_8))) {
            for (ScoredMessage s : scored) {
                w.print(s.message().label().label() + "\t" + s.score() + "\t" + s.message().name() + "\n");
            }
        }
    }
}
