package org.bayard.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * What went wrong with a file, in the words of {@code ls} and {@code cp} ({@code /x/y: permission
 * denied}), never a Java exception's name: for one-line errors, the command line's, the mailbox
 * readers' and the store's alike.
 */
public final class IoProblem {
    private IoProblem() {}

    /** The file (when the exception names one) and the reason: {@code out/x.mbox: no such file}. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String file = f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "");
            return file + ": " + reason(e);
        }
        return reason(e);
    }

    /**
     * A file name given on the command line whose bytes are not text in the locale's character
     * set (a Latin-1 name under a UTF-8 locale) reaches Java with U+FFFD in their place, so the
     * file is not found though {@code ls} shows it: "no such file" alone sent people looking for
     * a typo. Inside a folder such a name is read and used as it is.
     */
    static final String NAME_NOT_IN_LOCALE = "no such file under this name: its name has bytes that are not text in the"
            + " locale's character set, which Java cannot open when given on the command line;"
            + " give its folder instead, or the file on standard input as -";

    private static boolean undecodableName(String file) {
        return file != null && file.indexOf('\uFFFD') >= 0;
    }

    /** The reason alone, for messages that name the file themselves. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException f) return undecodableName(f.getFile()) ? NAME_NOT_IN_LOCALE : "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof FileAlreadyExistsException) return "already exists";
        if (e instanceof DirectoryNotEmptyException) return "directory not empty";
        if (e instanceof CharacterCodingException) return "not UTF-8 text";
        String r = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (r == null || r.isBlank()) {
            return e instanceof BindException ? "cannot listen there" : "input/output error";
        }
        return r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
    }

    /** {@code describe} for an {@link UncheckedIOException}: its own message unless it only repeats its cause's. */
    public static String describe(UncheckedIOException e) {
        IOException cause = e.getCause();
        String message = e.getMessage();
        if (cause == null) return message;
        if (message == null || message.equals(cause.toString())) return describe(cause);
        return message;
    }
}
