package org.bayard.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.bayard.app.UserException;
import org.bayard.core.IoProblem;
import org.bayard.eval.LabelledMessage;
import org.bayard.eval.TrecIndex;

/**
 * {@code eval --index}: a file or '-' for standard input, read as labelled messages and named
 * the same way in every error and report. Kept apart from the command because every check on
 * the corpus names the index, and each must say "the index on standard input" for '-'.
 */
final class EvalIndex {
    private final Path index;

    EvalIndex(Path index) {
        this.index = index;
    }

    /** '-', as other commands' inputs take it: it was looked for as a file named '-' ("no such file"). */
    boolean fromStandardInput() {
        return index.toString().equals("-");
    }

    /** As typed, '-' included: the "index" of the figures in JSON. */
    String asGiven() {
        return index.toString();
    }

    /** The index as messages and the report name it. */
    String shown() {
        return fromStandardInput() ? "standard input" : index.toString();
    }

    /** The index in an error's words: "index corpus/index", "the index on standard input". */
    String inErrors() {
        return fromStandardInput() ? "the index on standard input" : "index " + index;
    }

    List<LabelledMessage> read(InputStream standardInput) {
        try {
            // paths relative to the current folder, as those of an index read from a pipe
            if (fromStandardInput()) return TrecIndex.read(standardInput, shown(), Path.of(""));
            return TrecIndex.read(index);
        } catch (NoSuchFileException e) {
            throw new UserException("cannot read index " + index + ": no such file");
        } catch (IOException e) {
            throw new UserException("cannot read " + inErrors() + ": " + (Files.isDirectory(index) ? "it is a directory" : IoProblem.reason(e)), e);
        }
    }
}
