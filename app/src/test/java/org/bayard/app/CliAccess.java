package org.bayard.app;

import java.nio.file.Path;

/** Lets tests in other packages train a store through the real CLI. */
public final class CliAccess {
    private CliAccess() {}

    public static AppContext quiet() {
        return AppContextForTests.quiet();
    }

    public static int run(Path db, String... args) {
        return new Cli(db).run(args).exitCode();
    }

    public static String err(Path db, String... args) {
        return new Cli(db).run(args).err();
    }
}
