package org.bayard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.Test;

/**
 * The NO_VALID_SENDER check. It looked for an address with one regular expression, whose
 * {@code find} backtracked over every start in a long run of address characters: a From field of
 * 64 KB of letters (one header, within every limit) took 9 s of CPU, and a message could carry
 * dozens of them; and it recursed once per label, so a host of 30,000 labels overflowed the stack
 * and stopped the reading there (an executable attachment after it went unseen). The check is
 * linear now and finds exactly what the expression found.
 */
class SenderAddressTest {
    /** The expression the check used: the reference for what counts as an address. */
    private static final Pattern REFERENCE = Pattern.compile(
            "[^\\s<>@\",;:()\\[\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+");

    private final Policy policy = new Policy(PolicyParams.DEFAULTS, MailLimits.DEFAULT);

    /** Every shape at its longest in From, Reply-To and Sender, then an executable attachment. */
    private static String message(List<String> senders) {
        StringBuilder m = new StringBuilder();
        for (String v : senders) m.append("From: ").append(v).append("\r\nReply-To: ").append(v).append("\r\nSender: ").append(v).append("\r\n");
        return m.append("Message-ID: <1@example.org>\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nbody\r\n"
                + "--b\r\nContent-Type: application/octet-stream; name=\"run.exe\"\r\n\r\nMZ\r\n--b--\r\n").toString();
    }

    @Test
    void longRunsOfAddressCharactersAreCheckedInLinearTimeAndTheRestOfTheMessageIsStillRead() {
        List<String> noAddress = List.of("a".repeat(65_000), "a@" + "a".repeat(65_000), "a@" + "a-".repeat(32_000), "x" + "@a".repeat(30_000));
        String manyLabels = "a@" + "a.".repeat(30_000) + "-"; // an address: a@a.a...
        for (boolean withAddress : new boolean[] {false, true}) {
            List<String> senders = new ArrayList<>(noAddress);
            if (withAddress) senders.add(manyLabels);
            Decision d = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> policy.decide(message(senders).getBytes(StandardCharsets.ISO_8859_1), Optional.empty()));
            assertThat(d.symbols()).extracting(Symbol::name).as("with an address: %s", withAddress)
                    .contains(PolicyParams.EXECUTABLE_ATTACHMENT);
            assertThat(d.symbols().stream().anyMatch(s -> s.name().equals(PolicyParams.NO_VALID_SENDER))).isEqualTo(!withAddress);
        }
    }

    @Test
    void findsAnAddressExactlyWhereTheExpressionDid() {
        Random random = new Random(3);
        String alphabet = "aZ0-.@ <>\"(),;:[]\t_+";
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            char[] v = new char[random.nextInt(16)];
            for (int k = 0; k < v.length; k++) v[k] = alphabet.charAt(random.nextInt(alphabet.length()));
            String value = new String(v);
            if (MessageChecks.hasAddress(value) != REFERENCE.matcher(value).find()) disagreements.add(value);
        }
        for (String value : List.of("ann@example.org", "Ann <ann@example.org>", "a@b.c", "a@b", "@b.c", "a@-b.c", "a@b-.c", "a@b.-c",
                "a@b..c", "a@@b.c", "\"a\"@b.c", "a@b.c-", "a b@c.d", "<>@b.c", "a@b_c.d", "a@1.2")) {
            if (MessageChecks.hasAddress(value) != REFERENCE.matcher(value).find()) disagreements.add(value);
        }
        assertThat(disagreements).isEmpty();
    }
}
