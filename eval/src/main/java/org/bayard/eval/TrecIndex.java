package org.bayard.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bayard.core.store.MailClass;

/**
 * Reads a TREC-format index: one message per line, {@code spam PATH} or {@code ham PATH}, with
 * paths relative to the folder the index file is in (found through any links to it). Blank lines
 * and {@code #} comments are skipped, and so is a byte-order mark at the start, as editors on
 * Windows write one.
 */
public final class TrecIndex {
    private TrecIndex() {}

    /** @throws IllegalArgumentException naming the line when the index is malformed */
    public static List<LabelledMessage> read(Path index) throws IOException {
        return parse(Files.readAllLines(index, StandardCharsets.UTF_8), index.toString(), folderOf(index));
    }

    /**
     * An index read from a stream ({@code --index -}), its paths relative to {@code base}, as
     * those of any index that is in no folder of files.
     *
     * @param shown what the index is called in messages ("standard input")
     * @throws java.nio.charset.MalformedInputException when the stream is not UTF-8
     */
    public static List<LabelledMessage> read(InputStream in, String shown, Path base) throws IOException {
        java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder(); // reports bad bytes, as readAllLines does
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, strict))) {
            return parse(r.lines().toList(), shown, base.toAbsolutePath());
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static List<LabelledMessage> parse(List<String> lines, String index, Path base) {
        List<LabelledMessage> messages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            // strip() keeps U+FEFF: a BOM made the first label read as '\ufeffham', "not a class"
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException(index + ":" + (i + 1) + ": expected 'spam PATH' or 'ham PATH', got '" + shown(line) + "'");
            }
            MailClass label;
            try {
                label = MailClass.parse(parts[0].length() > SHOWN_CHARS ? shown(parts[0]) : parts[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(index + ":" + (i + 1) + ": " + e.getMessage());
            }
            messages.add(new LabelledMessage(label, parts[1], base.resolve(parts[1]).normalize()));
        }
        return messages;
    }

    /** How much of a wrong line an error shows. */
    private static final int SHOWN_CHARS = 80;

    /**
     * The start of a wrong line, for its error: a file given as the index by mistake (a message,
     * a log, one line of megabytes) was refused with the whole line, a 5 MB "one-line" error.
     */
    private static String shown(String line) {
        return line.length() <= SHOWN_CHARS ? line : line.substring(0, SHOWN_CHARS) + "... (" + line.length() + " characters)";
    }

    /**
     * The folder the index really is in: through a link to it (TREC's full/index linked into a
     * working folder), '../data/inmail.1' was looked for beside the link. An index that is in
     * no folder of files, a pipe ({@code --index <(shuf index)}, {@code /dev/stdin}), has its
     * paths relative to the current folder, as a shell would read them: they were looked for in
     * /dev.
     */
    private static Path folderOf(Path index) {
        try {
            return index.toRealPath().getParent();
        } catch (IOException e) {
            return Path.of("").toAbsolutePath();
        }
    }
}
