package org.bayard.app;

import java.util.List;

/**
 * The command prefix that runs a program as root without the capabilities that let root read
 * and write any file (setpriv): how the suite, which runs as root in CI, sees what a user meets
 * with files that are not its own.
 */
final class RootWithoutFileAccess {
    static final List<String> PREFIX = List.of("setpriv",
            "--inh-caps=-dac_override,-dac_read_search,-fowner", "--bounding-set=-dac_override,-dac_read_search,-fowner");

    private RootWithoutFileAccess() {}
}
