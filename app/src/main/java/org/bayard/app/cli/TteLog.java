package org.bayard.app.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bayard.core.IoProblem;
import org.bayard.core.train.TrainToExhaustion.Miss;
import org.bayard.core.train.TrainToExhaustion.Round;

/**
 * {@code tte.log}: every miss of every round, one per line, named by Message-ID (or by where the
 * message is when it has none), so a person can look at what the model found hard. Written as
 * the rounds end, so an interrupted run still leaves the rounds it finished.
 *
 * <pre>
 * round 1: 149 ham misses, 203 spam misses, 352 trained
 * ham  &lt;1234@example.org&gt;
 * spam samples/spam.mbox#17
 * ham  &lt;99@example.net&gt; (trained before)
 * </pre>
 */
final class TteLog implements AutoCloseable {
    private final BufferedWriter out;
    private final TtePiles piles;

    TteLog(Path file, TtePiles piles) {
        this.piles = piles;
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + IoProblem.reason(e), e);
        }
        lines(List.of("# bayard tte: the messages each round got wrong; (trained before) marks a message the model",
                "# already holds, which cannot be trained again"));
        lines(piles.leftOut);
    }

    void round(Round r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "round %d: %d ham misses, %d spam misses, %d trained%n",
                r.number(), r.hamMisses(), r.spamMisses(), r.trained()));
        for (Miss m : r.misses()) {
            b.append(String.format(Locale.ROOT, "%-4s %s%s%n", m.mailClass().label(), piles.pile(m.mailClass()).name(m.index()),
                    m.trainedBefore() ? " (trained before)" : ""));
        }
        write(b.toString());
    }

    private void lines(List<String> lines) {
        for (String l : lines) write(l + System.lineSeparator());
    }

    private void write(String s) {
        try {
            out.write(s);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tte.log: " + IoProblem.reason(e), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tte.log: " + IoProblem.reason(e), e);
        }
    }
}
