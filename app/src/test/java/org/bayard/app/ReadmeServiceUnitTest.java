package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit README gives under "As a service", as a postmaster copies it: systemd itself
 * must take every line of it. {@code systemd-analyze verify} says an unknown or misspelt key
 * ({@code TimeoutStopSecs=}) or a value it cannot parse in a warning, and then still exits 0,
 * which systemd would start the unit with while ignoring the line, so its output must be empty too.
 */
class ReadmeServiceUnitTest {
    /** From the unit's first section to its last line, inside the README's code block. */
    private static final Pattern UNIT = Pattern.compile("(?s)```\\n(\\[Unit\\]\\n.*?\\nWantedBy=[^\\n]*\\n)```");
    private static final String INSTALLED = "/opt/bayard/bayard";
    @TempDir Path dir;

    @Test
    void theReadmesUnitPassesSystemdsVerifyWithoutAWarning() throws Exception {
        String unit = readmeUnit();
        assertThat(unit).contains("ExecStart=" + INSTALLED + " serve ").contains("ExecReload=").contains("TimeoutStopSec=");
        // verify checks that the program is there: the checkout's launcher stands in for the installed one
        Path launcher = Path.of("../bayard").toAbsolutePath().normalize();
        assertThat(launcher).isExecutable();
        Path file = Files.writeString(dir.resolve("bayard.service"), unit.replace(INSTALLED, launcher.toString()));

        Commands.Ran ran = Commands.run("systemd-analyze", "verify", file.toString());

        assertThat(ran.exit()).as(ran.said(List.of("systemd-analyze", "verify", file.toString()))).isZero();
        assertThat(ran.output()).as("systemd's warnings").isEmpty();
    }

    /** The unit README gives, exactly one. */
    private static String readmeUnit() throws Exception {
        Matcher m = UNIT.matcher(Files.readString(Path.of("../README.md")));
        assertThat(m.find()).as("a systemd unit in README.md").isTrue();
        String unit = m.group(1);
        assertThat(m.find()).as("only one systemd unit in README.md").isFalse();
        return unit;
    }
}
