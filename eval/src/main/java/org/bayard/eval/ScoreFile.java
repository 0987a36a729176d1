package org.bayard.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bayard.core.store.MailClass;

/**
 * Score files: one message per line, {@code label<TAB>score<TAB>path}, as {@code bayard eval
 * --scores} writes them (or, on a line without a tab, separated by spaces). Other filters' scores can be converted to this shape and plotted with
 * ours; their scale does not matter, only their order.
 */
public final class ScoreFile {
    /** One line: the gold label, the filter's score and the message's name. */
    public record Entry(MailClass label, double score, String name) {}

    private ScoreFile() {}

    public static void write(List<ScoredMessage> scored, Writer out) throws IOException {
        for (ScoredMessage s : scored) {
            out.write(s.message().label().label() + "\t" + s.score() + "\t" + s.message().name() + "\n");
        }
    }

    /** @throws IllegalArgumentException naming the file and line when a line is malformed */
    public static List<Entry> read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            for (int n = 1; (line = r.readLine()) != null; n++) {
                // a byte-order mark, as editors on Windows write one, is not part of the first label
                if (n == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank() || line.startsWith("#")) continue;
                // no tab at all: separated by spaces, as awk's print $1, $2, $3 writes (the rest of the line is the name)
                String[] f = line.indexOf('\t') >= 0 ? line.split("\t", 3) : line.strip().split("\\s+", 3);
                if (f.length < 2) throw new IllegalArgumentException(file + ":" + n + ": expected label<TAB>score<TAB>path");
                MailClass label;
                try {
                    label = MailClass.parse(f[0].strip());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage());
                }
                entries.add(new Entry(label, score(f[1], file, n), f.length > 2 ? f[2] : ""));
            }
        }
        return entries;
    }

    /** Java's own messages ("For input string: ...", "empty String", "NaN") did not say what was wrong. */
    private static double score(String field, Path file, int line) {
        double score;
        String text = field.strip();
        try {
            score = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            score = infinity(text);
        }
        if (Double.isNaN(score)) {
            throw new IllegalArgumentException(file + ":" + line + ": the score '" + field + "' is not a number"
                    + " (expected label<TAB>score<TAB>path)");
        }
        return score;
    }

    /**
     * Infinity as C's printf, Python, awk and Perl write it ('inf', '-inf', '+Inf', 'infinity'):
     * Java reads only 'Infinity', so another filter's score file converted by a script was
     * refused at its first extreme score; NaN otherwise.
     */
    private static double infinity(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) t = t.substring(1);
        if (!t.equals("inf") && !t.equals("infinity")) return Double.NaN;
        return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    public static double[] scores(List<Entry> entries) {
        return entries.stream().mapToDouble(Entry::score).toArray();
    }

    public static boolean[] spam(List<Entry> entries) {
        boolean[] spam = new boolean[entries.size()];
        for (int i = 0; i < spam.length; i++) spam[i] = entries.get(i).label() == MailClass.SPAM;
        return spam;
    }
}
