package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy guard rails of rows C10 and C11, against a store trained on the bundled samples:
 * hidden ham text does not turn a spam's verdict, and a spam disguised with invisible characters
 * and look-alike letters scores as the spam itself (within 0.02).
 */
class EvasionScoresTest {
    static final Path SAMPLES = Path.of(System.getProperty("bayard.samples", "../samples"));
    private static final Pattern PROBABILITY = Pattern.compile("\"probability\":([0-9.Ee-]+)");
    private static final Pattern VERDICT = Pattern.compile("\"verdict\":\"([a-z]+)\"");
    private static final Pattern TOKENS = Pattern.compile("\"tokens\":([0-9]+)");

    @TempDir static Path dir;
    static Cli cli;

    @BeforeAll
    static void train() {
        cli = new Cli(dir.resolve("db"));
        Cli.Result r = cli.run("train", "--ham", SAMPLES.resolve("ham.mbox").toString(), "--spam", SAMPLES.resolve("spam.mbox").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /** @param tokens the distinct features the message yielded */
    record Scored(String verdict, double probability, int tokens) {}

    static Scored score(String message) throws Exception {
        Path file = Files.createTempFile(dir, "m", ".eml");
        Files.writeString(file, message, StandardCharsets.ISO_8859_1);
        Cli.Result r = cli.run("score", "--json", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Matcher p = PROBABILITY.matcher(r.out());
        Matcher v = VERDICT.matcher(r.out());
        Matcher t = TOKENS.matcher(r.out());
        assertThat(p.find() && v.find() && t.find()).as(r.out()).isTrue();
        return new Scored(v.group(1), Double.parseDouble(p.group(1)), Integer.parseInt(t.group(1)));
    }

    static String sample(String name) throws Exception {
        return Files.readString(SAMPLES.resolve("held-out").resolve(name), StandardCharsets.ISO_8859_1);
    }

    /** About 2 KB of a held-out ham's body, as words. */
    static String hamWords() throws Exception {
        String ham = sample("ham-1.eml");
        String body = ham.substring(ham.indexOf("\n\n") + 2).replaceAll("[^A-Za-z ]+", " ").replaceAll(" +", " ");
        return body.substring(0, Math.min(2048, body.length()));
    }

    @Test
    void c10HiddenHamTextDoesNotTurnASpamsVerdict() throws Exception {
        String spam = sample("spam-2.eml");
        Scored plain = score(spam);
        assertThat(plain.verdict()).isEqualTo("spam");
        for (String hiding : new String[] {"<div style=\"display:none\">", "<div style=\"font-size:0\">", "<font color=\"#ffffff\">"}) {
            String stuffed = spam.replaceFirst("(?i)<body>", "<body bgcolor=\"#ffffff\">" + hiding + hamWords() + "</div></font>");
            assertThat(stuffed).isNotEqualTo(spam);
            assertThat(score(stuffed).verdict()).as(hiding).isEqualTo("spam");
        }
    }

    @Test
    void c11AZeroWidthAndLookAlikeTwinScoresAsTheSpamItself() throws Exception {
        String spam = sample("spam-2.eml");
        String body = spam.substring(spam.indexOf("\n\n"));
        // invisible characters and Cyrillic look-alikes inside the words of the text between tags, as UTF-8 bytes
        String twinBody = Pattern.compile(">([^<]+)<").matcher(body).replaceAll(m -> Matcher.quoteReplacement(">"
                + new String(m.group(1).replaceAll("([a-z])([a-z])", "$1\u200B$2").replace('o', '\u043E').replace('a', '\u0430')
                .getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) + "<"));
        assertThat(twinBody).isNotEqualTo(body);
        String head = spam.substring(0, spam.indexOf("\n\n")).replaceAll("(?i)charset=\"?us-ascii\"?", "charset=utf-8");
        Scored plain = score(spam);
        Scored twin = score(head + twinBody);
        assertThat(Math.abs(twin.probability() - plain.probability())).isLessThan(0.02);
    }

    @Test
    void aSecondContentTypeDoesNotHideASpamsWords() throws Exception {
        String spam = sample("spam-2.eml");
        String type = "Content-Type: text/html; charset=\"us-ascii\"\n";
        assertThat(spam).contains(type);
        Scored plain = score(spam);
        for (String second : new String[] {"Content-Type: application/octet-stream\n", "Content-Type: multipart/mixed; boundary=zzz\n"}) {
            // mail clients show the body by the first field; hidden, its words (about half the features) were missing
            Scored twoTypes = score(spam.replace(type, type + second));
            assertThat(twoTypes.tokens()).as(second).isGreaterThanOrEqualTo(plain.tokens());
            assertThat(twoTypes.verdict()).as(second).isEqualTo("spam");
        }
    }

    @Test
    void twoHundredEmptyPartsDoNotHideASpamsWords() throws Exception {
        String spam = sample("spam-2.eml");
        String type = "Content-Type: text/html; charset=\"us-ascii\"\n";
        int bodyFrom = spam.indexOf("\n\n") + 2;
        String flood = spam.substring(0, bodyFrom).replace(type, "Content-Type: multipart/mixed; boundary=e\n")
                + "--e\n\n".repeat(200) + "--e\n" + type + "\n" + spam.substring(bodyFrom) + "\n--e--\n";
        Scored plain = score(spam);
        Scored flooded = score(flood);
        // the parts past the limit are not described, so a few part features differ; the words are all there
        assertThat(flooded.tokens()).isGreaterThan(plain.tokens() - 5);
        assertThat(flooded.verdict()).isEqualTo("spam");
    }
}
