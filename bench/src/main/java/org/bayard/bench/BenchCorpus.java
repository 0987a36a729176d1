package org.bayard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.bayard.core.IoProblem;
import org.bayard.eval.LabelledMessage;
import org.bayard.eval.TrecIndex;

/**
 * The corpus a benchmark runs on, checked whole before any work: an index that could not be read,
 * a malformed line or a listed message that was missing ended a run in a Java stack trace, after
 * the table's first lines (fingerprint.sh) or the first figures (throughput.sh) had been printed.
 */
final class BenchCorpus {
    /** A mistake in the corpus, said in one line by the benchmark's main. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }

    private BenchCorpus() {}

    static List<LabelledMessage> read(Path index) throws Problem {
        List<LabelledMessage> corpus;
        try {
            corpus = TrecIndex.read(index);
        } catch (NoSuchFileException e) {
            throw new Problem("cannot read index " + index + ": no such file");
        } catch (IOException e) {
            throw new Problem("cannot read index " + index + ": " + (Files.isDirectory(index) ? "it is a directory" : IoProblem.reason(e)));
        } catch (IllegalArgumentException e) {
            throw new Problem(e.getMessage()); // names the index and the line
        }
        if (corpus.isEmpty()) throw new Problem("index " + index + " lists no messages ('ham PATH' or 'spam PATH' per line)");
        for (LabelledMessage m : corpus) {
            Path p = m.path();
            String problem = Files.isDirectory(p) ? "it is a directory" : !Files.exists(p) ? "no such file"
                    : !Files.isRegularFile(p) ? "not a regular file" : !Files.isReadable(p) ? "permission denied" : null;
            if (problem != null) throw new Problem("index " + index + " lists " + m.name() + " (" + p + "): " + problem);
        }
        return corpus;
    }

    /** Says the problem in one line, as the scripts' own refusals do, and ends the JVM with exit code 1. */
    static void exit(String program, Problem e) {
        System.err.println(program + ": " + e.getMessage());
        System.exit(1);
    }
}
