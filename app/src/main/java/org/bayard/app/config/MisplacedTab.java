package org.bayard.app.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a file has a tab that YAML refuses: in a line's indentation, or between a key's colon and
 * its value. The parser said so in its own terms ("found character '\t(TAB)' that cannot start any
 * token. (Do not use \t(TAB) for indentation)"), also for a tab that indents nothing, and placed it
 * at the start of the token it was scanning, often on an earlier line.
 */
final class MisplacedTab {
    /** A tab in the indentation, or after "key:" and any spaces, on a line that is not a comment. */
    private static final Pattern TAB = Pattern.compile("^[ ]*(?=\\t)|^[ ]*(?!#)[^#\\n]*?:[ ]*(?=\\t)");

    private MisplacedTab() {}

    /** "line L, column C" of the first such tab, or empty when there is none. */
    static Optional<String> in(String yaml) {
        String[] lines = yaml.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = TAB.matcher(lines[i]);
            if (m.find()) return Optional.of("line " + (i + 1) + ", column " + (m.end() + 1));
        }
        return Optional.empty();
    }
}
