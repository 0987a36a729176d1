package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** Lets tests in other packages train a store through the real CLI. */
public final class CliAccess {
    private CliAccess() {}

    public static void learn(Path db) {
        Cli cli = new Cli(db);
        assertThat(cli.run("learn", "--ham", "../samples/ham.mbox").exitCode()).isZero();
        assertThat(cli.run("learn", "--spam", "../samples/spam.mbox").exitCode()).isZero();
    }

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
