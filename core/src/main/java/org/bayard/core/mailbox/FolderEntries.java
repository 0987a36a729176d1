package org.bayard.core.mailbox;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bayard.core.IoProblem;

/**
 * A folder's entries as the walk of {@link MailInputs} reads them. Why a class of its own: which
 * names are never mail (hidden files, MH's deleted messages) is a rule of mail folders, apart
 * from what the walk does with each entry it gets.
 */
final class FolderEntries {
    private FolderEntries() {}

    /**
     * The entries of {@code dir} the walk may read, sorted by name so the order is the same on
     * every run; a folder that cannot be listed is refused as {@code shown}.
     */
    static List<Path> sorted(String shown, Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                if (!neverMail(e.getFileName().toString())) entries.add(e);
            }
        } catch (IOException e) {
            throw new MailInputException(shown, IoProblem.reason(e));
        }
        entries.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
        return entries;
    }

    /**
     * Hidden files (an MH folder's {@code .mh_sequences}, a mail client's index), and the
     * messages an MH folder keeps after deleting them: nmh's {@code rmm} renames message 12 to
     * {@code ,12}, older MH to {@code #12}.
     */
    private static boolean neverMail(String name) {
        if (name.startsWith(".")) return true;
        if (name.length() < 2 || name.charAt(0) != ',' && name.charAt(0) != '#') return false;
        for (int i = 1; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') return false;
        }
        return true;
    }
}
