package org.bayard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.bayard.app.Engine;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.train.MessagePreparer;
import org.bayard.core.train.PreparedMessage;
import org.bayard.eval.LabelledMessage;

/**
 * Prints one line per corpus message: its path, how many distinct features it has, and a hash
 * of the sorted feature set. Speed work on the tokenizer must not change what it sees, and two
 * runs' outputs diffed ({@code bench/fingerprint.sh}) show every message whose features moved.
 */
public final class Fingerprint {
    private Fingerprint() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Fingerprint INDEX");
            System.exit(2);
        }
        List<LabelledMessage> corpus;
        try {
            corpus = BenchCorpus.read(Path.of(args[0])); // every message checked: a missing one ended a half-printed list
        } catch (BenchCorpus.Problem e) {
            BenchCorpus.exit("bench/fingerprint.sh", e);
            return;
        }
        MessagePreparer preparer = Engine.newPreparer(BayardConfig.DEFAULTS);
        for (LabelledMessage m : corpus) {
            PreparedMessage p = preparer.prepare(Files.readAllBytes(m.path()), false);
            long[] tokens = p.tokens().clone();
            Arrays.sort(tokens);
            System.out.printf(Locale.ROOT, "%s %d %016x%n", m.path().getFileName(), tokens.length, mix(tokens));
        }
    }

    /** An order-sensitive hash of sorted tokens (sorting makes it a hash of the set). */
    private static long mix(long[] sorted) {
        long h = 0x9E3779B97F4A7C15L;
        for (long t : sorted) {
            h ^= t;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }
}
