package org.bayard.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.bayard.core.IoProblem;
import org.bayard.core.train.TrainToExhaustion.Miss;
import org.bayard.core.train.TrainToExhaustion.Round;

/**
 * {@code tte.log}: every miss of every round, one per line, named by Message-ID (or by where the
 * message is when it has none), so a person can look at what the model found hard. Written as
 * the rounds end, to the temporary file that becomes tte.log with the culled mailboxes when the
 * run completes (a log of a run that did not complete would not match the store).
 *
 * <pre>
 * round 1: 149 ham misses, 203 spam misses, 352 trained
 * ham  &lt;1234@example.org&gt;
 * spam samples/spam.mbox#17
 * ham  &lt;99@example.net&gt; (trained before)
 * </pre>
 */
final class TteLog {
    private final Writer out;
    private final TtePiles piles;

    TteLog(OutputStream file, TtePiles piles) {
        this.piles = piles;
        this.out = new OutputStreamWriter(file, StandardCharsets.UTF_8);
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
}
