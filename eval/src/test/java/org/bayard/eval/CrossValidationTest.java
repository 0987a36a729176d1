package org.bayard.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bayard.core.classify.ClassifierParams;
import org.bayard.core.classify.MessageScorer;
import org.bayard.core.mail.MailLimits;
import org.bayard.core.store.InMemoryTokenStore;
import org.bayard.core.store.MailClass;
import org.bayard.core.token.Tokenizer;
import org.bayard.core.train.MessagePreparer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrossValidationTest {
    @TempDir Path dir;

    /** Ham about meetings and spam about pills, each message distinct. */
    List<LabelledMessage> corpus(int ham, int spam) throws IOException {
        List<LabelledMessage> corpus = new ArrayList<>();
        List<MailClass> labels = FoldsTest.labels(ham, spam);
        for (int i = 0; i < labels.size(); i++) {
            boolean isSpam = labels.get(i) == MailClass.SPAM;
            String body = isSpam ? "Buy cheap pills now, best viagra offer, click here " + i
                    : "Minutes of the project meeting on Tuesday, agenda item " + i;
            String name = (isSpam ? "spam/" : "ham/") + i;
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "From: someone" + i + "@example.org\nSubject: note " + i + "\nMessage-ID: <" + i
                    + "@example.org>\n\n" + body + "\n", StandardCharsets.US_ASCII);
            corpus.add(new LabelledMessage(isSpam ? MailClass.SPAM : MailClass.HAM, name, file));
        }
        return corpus;
    }

    CrossValidation cv(int threads) {
        ClassifierParams params = ClassifierParams.DEFAULTS;
        return new CrossValidation(() -> new MessagePreparer(new Tokenizer(MailLimits.DEFAULT), MailLimits.DEFAULT),
                () -> new MessageScorer(params), () -> new InMemoryTokenStore(Tokenizer.VERSION), threads,
                MailLimits.DEFAULT.maxScanBytes());
    }

    @Test
    void everyMessageIsScoredExactlyOnceInCorpusOrder() throws IOException {
        List<LabelledMessage> corpus = corpus(30, 15);
        AtomicInteger steps = new AtomicInteger();
        List<ScoredMessage> scored = cv(3).run(corpus, Folds.stratified(corpus.stream().map(LabelledMessage::label).toList(), 5, 42),
                steps::addAndGet);
        assertThat(scored).extracting(ScoredMessage::message).containsExactlyElementsOf(corpus);
        assertThat(steps.get()).as("one step per message prepared and per message scored").isEqualTo(2 * corpus.size());
    }

    @Test
    void heldOutMessagesAreScoredByAFilterThatLearnedTheOthers() throws IOException {
        List<LabelledMessage> corpus = corpus(30, 15);
        List<ScoredMessage> scored = cv(2).run(corpus, Folds.stratified(corpus.stream().map(LabelledMessage::label).toList(), 5, 42),
                n -> {});
        for (ScoredMessage s : scored) {
            if (s.message().label() == MailClass.SPAM) assertThat(s.score()).as(s.message().name()).isGreaterThan(0.5);
            else assertThat(s.score()).as(s.message().name()).isLessThan(0.5);
        }
    }

    @Test
    void theNumberOfThreadsDoesNotChangeAnyScore() throws IOException {
        List<LabelledMessage> corpus = corpus(20, 12);
        Folds folds = Folds.stratified(corpus.stream().map(LabelledMessage::label).toList(), 4, 9);
        assertThat(cv(1).run(corpus, folds, n -> {})).isEqualTo(cv(4).run(corpus, folds, n -> {}));
    }

    @Test
    void aMissingMessageIsNamed() throws IOException {
        List<LabelledMessage> corpus = new ArrayList<>(corpus(10, 5));
        corpus.set(3, new LabelledMessage(MailClass.HAM, "gone", dir.resolve("gone")));
        Folds folds = Folds.stratified(corpus.stream().map(LabelledMessage::label).toList(), 3, 1);
        assertThatThrownBy(() -> cv(2).run(corpus, folds, n -> {})).isInstanceOf(UncheckedIOException.class).hasMessageContaining("gone");
    }
}
