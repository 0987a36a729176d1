package org.bayard.eval;

import java.nio.file.Path;
import org.bayard.core.store.MailClass;

/**
 * One line of a TREC index: the gold label and where the message is.
 *
 * @param name the path as the index wrote it, for score files
 * @param path the path resolved against the index file's folder
 */
public record LabelledMessage(MailClass label, String name, Path path) {}
