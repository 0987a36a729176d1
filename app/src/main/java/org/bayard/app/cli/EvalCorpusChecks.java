package org.bayard.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bayard.app.UserException;
import org.bayard.core.IoProblem;
import org.bayard.core.mailbox.CompressedFiles;
import org.bayard.core.store.MailClass;
import org.bayard.eval.LabelledMessage;

/**
 * What {@code eval} checks in the listed corpus before the run starts. A run can take an hour;
 * each of these mistakes used to be found at its end, or not at all (figures that meant nothing),
 * so they are all checked at once, here, apart from the run itself.
 */
final class EvalCorpusChecks {
    private final EvalIndex index;

    EvalCorpusChecks(EvalIndex index) {
        this.index = index;
    }

    /** All checks, in this order: the first mistake found is the one reported. */
    void check(List<LabelledMessage> corpus, EvalProtocol how) {
        if (corpus.isEmpty()) throw new UserException(index.inErrors() + " lists no messages ('ham PATH' or 'spam PATH' per line)");
        // Folds' own words, "cannot make 1000 folds of 508 messages", named neither the option nor the index
        if (how.cv() && how.folds() > corpus.size()) {
            throw new UserException("cannot make " + how.folds() + " folds of the " + corpus.size() + " messages " + index.inErrors()
                    + " lists: give --folds at most " + corpus.size());
        }
        requireBothClasses(corpus, how);
        requireMessageFiles(corpus);
        refuseCompressedMessages(corpus);
        refuseRepeatedMessages(corpus);
    }

    /**
     * AUC, 1-ROCA%, lam% and the cutoffs by cost compare ham with spam: with one class only they
     * were NaN after the whole run (exit 0), or the report failed once the run was over.
     */
    private void requireBothClasses(List<LabelledMessage> corpus, EvalProtocol how) {
        boolean batch = how.batch();
        List<LabelledMessage> scored = batch ? corpus.subList(corpus.size() / 2, corpus.size()) : corpus;
        long spam = scored.stream().filter(m -> m.label() == MailClass.SPAM).count();
        long ham = scored.size() - spam;
        if (ham > 0 && spam > 0) return;
        String which = batch ? "the second half of " + index.inErrors() + ", which " + how.name() + " scores,"
                : index.inErrors();
        throw new UserException(which + " holds " + ham + " ham and " + spam + " spam: the figures compare ham with spam,"
                + " so it needs at least one of each");
    }

    /**
     * A message the index names but that cannot be read is found before the run: it stopped the
     * run when its turn came (online, line 6,000 of 6,046 after the rest was replayed), with
     * 'cannot read /abs/path: Is a directory', which named neither the index nor its entry.
     */
    private void requireMessageFiles(List<LabelledMessage> corpus) {
        List<String> problems = new ArrayList<>();
        for (LabelledMessage m : corpus) {
            Path p = m.path();
            // A named pipe or a device is no stored message: the run waited on a pipe for ever.
            String problem = Files.isDirectory(p) ? "it is a directory" : !Files.exists(p) ? "no such file"
                    : !Files.isRegularFile(p) ? "not a regular file" : !Files.isReadable(p) ? "permission denied" : null;
            if (problem != null) problems.add((m.name().equals(p.toString()) ? m.name() : m.name() + " (" + p + ")") + ": " + problem);
        }
        if (problems.isEmpty()) return;
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
        throw new UserException(index.inErrors() + " lists a message that cannot be read: " + problems.get(0) + more);
    }

    /**
     * A compressed file is no message: a corpus taken from a Maildir that Dovecot's zlib plugin
     * keeps gzip-compressed was scored as binary junk, and its figures meant nothing; learn
     * refuses such files, and so does eval.
     */
    private void refuseCompressedMessages(List<LabelledMessage> corpus) {
        List<String> problems = new ArrayList<>();
        for (LabelledMessage m : corpus) {
            try {
                CompressedFiles.of(m.path()).ifPresent(c -> problems.add(m.name() + " is " + c.name()
                        + "-compressed, not mail; decompress it first (" + c.reader() + ")"));
            } catch (IOException e) {
                throw new UserException(index.inErrors() + " lists a message that cannot be read: " + m.name() + ": " + IoProblem.reason(e), e);
            }
        }
        if (problems.isEmpty()) return;
        String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "";
        throw new UserException(index.inErrors() + " lists a compressed message: " + problems.get(0) + more);
    }

    /**
     * A path listed twice (two indexes concatenated) puts one message on both sides of the line
     * between training and test: 600 messages listed twice made 5-fold cross-validation report
     * 1-ROCA% 0.0000 and sm% 2.09, where the 600 once gave 0.1383 and 14.66.
     */
    private void refuseRepeatedMessages(List<LabelledMessage> corpus) {
        Set<Object> seen = new HashSet<>();
        int repeated = 0;
        LabelledMessage first = null;
        for (LabelledMessage m : corpus) {
            if (!seen.add(fileIdentity(m.path()))) {
                if (first == null) first = m;
                repeated++;
            }
        }
        if (first == null) return;
        String more = repeated > 1 ? " (and " + (repeated - 1) + " more repeats)" : "";
        throw new UserException(index.inErrors() + " lists " + first.name() + " more than once" + more
                + ": a message seen in training and scored again makes the figures look better than they are; list each message once");
    }

    /**
     * The file itself, not its name: a link, or a hard link as 'cp -l' makes when a corpus is
     * sorted into folders, is the same message under another name. Its device and inode where the
     * file system has them, else its path with links resolved.
     */
    private static Object fileIdentity(Path p) {
        try {
            Object key = Files.readAttributes(p, BasicFileAttributes.class).fileKey();
            return key != null ? key : p.toRealPath();
        } catch (IOException e) {
            return p; // every listed file was found readable just before; the name is the best left
        }
    }
}
