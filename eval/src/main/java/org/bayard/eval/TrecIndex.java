package org.bayard.eval;

import java.io.IOException;
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
        Path base = folderOf(index);
        List<LabelledMessage> messages = new ArrayList<>();
        List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            // strip() keeps U+FEFF: a BOM made the first label read as '\ufeffham', "not a class"
            if (i == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException(index + ":" + (i + 1) + ": expected 'spam PATH' or 'ham PATH', got '" + line + "'");
            }
            MailClass label;
            try {
                label = MailClass.parse(parts[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(index + ":" + (i + 1) + ": " + e.getMessage());
            }
            messages.add(new LabelledMessage(label, parts[1], base.resolve(parts[1]).normalize()));
        }
        return messages;
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
