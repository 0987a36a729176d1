package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.bayard.net.testing.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * spamd.tls-cert-file and spamd.tls-key-file as config check reads them, as serve does at its
 * start: a file that will not do is named with its key in one line, half a pair or TLS on a Unix
 * socket is refused, and an expired certificate is warned of.
 */
class SpamdTlsConfigTest {
    @TempDir Path tmp;

    @Test
    void configCheckReadsTheCertificateAndRefusesWhatWillNotDo() throws Exception {
        TestCertificates.Pair site = TestCertificates.rsa(tmp, "spamd");
        TestCertificates.Pair other = TestCertificates.ec(tmp, "other");
        Cli now = new Cli(tmp.resolve("db"), Clock.systemUTC());

        Path good = yaml("good", "  listen: \"0.0.0.0:783\"\n  tls-cert-file: " + site.certificate() + "\n  tls-key-file: " + site.key());
        Cli.Result ok = now.run("config", "check", good.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.err()).isEmpty();
        Cli.Result expired = new Cli(tmp.resolve("db"), Clock.offset(Clock.systemUTC(), Duration.ofDays(3))).run("config", "check", good.toString());
        assertThat(expired.exitCode()).isZero();
        assertThat(expired.err()).startsWith("bayard: " + good + ": warning: spamd's TLS certificate has expired: CN=localhost, valid until ");

        Cli.Result mixed = now.run("config", "check", yaml("mixed", "  tls-cert-file: " + site.certificate() + "\n  tls-key-file: " + other.key()).toString());
        assertThat(mixed.exitCode()).isEqualTo(1);
        assertThat(mixed.err()).startsWith("bayard: spamd.tls-key-file: " + other.key()).hasLineCount(1);

        Cli.Result half = now.run("config", "check", yaml("half", "  tls-key-file: " + site.key()).toString());
        assertThat(half.exitCode()).isEqualTo(1);
        assertThat(half.err()).contains("spamd.tls-key-file is set but spamd.tls-cert-file is not").hasLineCount(1);

        Cli.Result unix = now.run("config", "check", yaml("unix", "  listen: \"unix:" + tmp.resolve("spamd.sock") + "\"\n  tls-cert-file: "
                + site.certificate() + "\n  tls-key-file: " + site.key()).toString());
        assertThat(unix.exitCode()).isEqualTo(1);
        assertThat(unix.err()).contains("spamd.tls-cert-file is set but spamd.listen is a Unix socket").hasLineCount(1);

        Cli.Result missing = now.run("config", "check", yaml("missing", "  tls-cert-file: " + tmp.resolve("nowhere.pem")).toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).startsWith("bayard: spamd.tls-cert-file: " + tmp.resolve("nowhere.pem")).hasLineCount(1);
    }

    private Path yaml(String name, String spamdKeys) throws Exception {
        return Files.writeString(tmp.resolve(name + ".yaml"), "spamd:\n" + spamdKeys + "\n");
    }
}
