package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Postfix configuration a README section gives ({@code main.cf} lines and {@code master.cf}
 * services, from its code blocks in that order), read from README itself so that the tests run
 * what a postmaster copies, made to run as a private instance: the public smtpd ({@code smtp
 * inet}) listens on a port of the test's on loopback, 10025 (Bayard) and 10026 (re-injection)
 * become the test's ports, and no service is chrooted (the private queue folder has none of the
 * files a chroot needs).
 *
 * @param mainCf the lines for main.cf, comments left in
 * @param services master.cf's services, one line each (continuation lines joined), comments left out
 */
record ReadmePostfix(String mainCf, List<String> services) {
    private static final Path README = Path.of("../README.md");
    /** A code block, its language (YAML's name theirs; Postfix's none) and its text. */
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w*)\\n(.*?)^```$");
    private static final String BAYARD_PORT = "10025";
    private static final String REINJECTION = "127.0.0.1:10026";

    /**
     * A master.cf service README gives in an indented block (the trap's pipe(8) transport): its
     * lines from the one that starts with {@code name} to its last indented continuation, as
     * master.cf takes them.
     */
    static String indentedService(String name) {
        Matcher m = Pattern.compile("(?m)^    (" + Pattern.quote(name) + " .*(\\n      \\S.*)*)$").matcher(readme());
        assertThat(m.find()).as("a master.cf service " + name + " in README.md").isTrue();
        return m.group(1).replaceAll("(?m)^    ", "");
    }

    private static String readme() {
        try {
            return Files.readString(README);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The section of README whose heading starts with {@code heading}. */
    static ReadmePostfix section(String heading) {
        String readme = readme();
        int start = readme.indexOf("\n" + heading);
        assertThat(start).as("a section \"" + heading + "\" in README.md").isNotNegative();
        Matcher nextHeading = Pattern.compile("\n##+ ").matcher(readme);
        int end = nextHeading.find(start + 1) ? nextHeading.start() : readme.length();
        Matcher block = BLOCK.matcher(readme.substring(start, end));
        StringBuilder mainCf = new StringBuilder();
        List<String> services = new ArrayList<>();
        while (block.find()) {
            if (!block.group(1).isEmpty()) continue;
            String text = block.group(2);
            if (!text.contains(" inet ")) {
                mainCf.append(text);
                continue;
            }
            for (String line : text.lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) continue;
                if (Character.isWhitespace(line.charAt(0))) {
                    services.set(services.size() - 1, services.getLast() + " " + line.strip());
                } else {
                    services.add(line.strip().replaceAll("\\s+", " "));
                }
            }
        }
        assertThat(services).as("master.cf services under \"" + heading + "\" in README.md").isNotEmpty();
        return new ReadmePostfix(mainCf.toString(), List.copyOf(services));
    }

    /** The same recipe with {@code change} made to each service line (a mistake a test makes on purpose). */
    ReadmePostfix changed(UnaryOperator<String> change) {
        return new ReadmePostfix(mainCf, services.stream().map(change).toList());
    }

    /**
     * master.cf's services for a private instance, {@code frontOptions} and {@code reinjectionOptions}
     * ({@code -o} options, or empty) added at the end of the public and the re-injection smtpd,
     * where they override README's own of the same name.
     */
    String masterCf(int front, int bayard, int reinjection, String frontOptions, String reinjectionOptions) {
        String text = privateServices(front, bayard, reinjection, frontOptions, reinjectionOptions);
        assertThat(text).as("README's services, made private").contains(":" + bayard).doesNotContain(":" + BAYARD_PORT);
        return text;
    }

    /** The same for a recipe whose services do not name Bayard's port (the milter's is in main.cf). */
    String masterCf(int front, int reinjection) {
        return privateServices(front, -1, reinjection, "", "");
    }

    private String privateServices(int front, int bayard, int reinjection, String frontOptions, String reinjectionOptions) {
        StringBuilder cf = new StringBuilder();
        for (String service : services) {
            String[] fields = service.split(" ", 6);
            assertThat(fields).as("a master.cf service in README.md: " + service).hasSize(6);
            boolean isFront = fields[0].equals("smtp") && fields[1].equals("inet");
            boolean isReinjection = fields[0].equals(REINJECTION);
            if (isFront) fields[0] = "127.0.0.1:" + front;
            if (isReinjection) fields[0] = "127.0.0.1:" + reinjection;
            fields[4] = "n";
            fields[5] = fields[5].replaceAll("(127\\.0\\.0\\.1\\]?):" + BAYARD_PORT + "\\b", "$1:" + bayard);
            cf.append(String.join(" ", fields)).append(isFront ? frontOptions : "").append(isReinjection ? reinjectionOptions : "").append('\n');
        }
        String text = cf.toString();
        assertThat(text).as("README's services, made private").contains("127.0.0.1:" + front + " inet").contains("127.0.0.1:" + reinjection + " inet")
                .doesNotContain(REINJECTION);
        return text;
    }
}
