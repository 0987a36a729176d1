package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.bayard.net.testing.FreePorts;
import org.bayard.net.testing.TestCertificates;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * STARTTLS as {@code bayard serve} offers it from smtp.tls-cert-file and smtp.tls-key-file, to real
 * clients: swaks checking the certificate, Postfix's smtp client delivering to the gate with TLS
 * required, and openssl s_client seeing the certificate a renewal put in place once serve reloads.
 */
class ServeStartTlsTest {
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final Sinks sinks = new Sinks();

    @Test
    void swaksAndPostfixDeliverOverTlsAndARenewalIsServedAfterSighup() throws Exception {
        TestCertificates.Pair site = TestCertificates.rsa(tmp, "site");
        Path config = tmp.resolve("bayard.yaml");
        Files.writeString(config, "smtp:\n  tls-cert-file: " + site.certificate() + "\n  tls-key-file: " + site.key() + "\n");
        Path firstCa = Files.copy(site.certificate(), tmp.resolve("first-ca.pem"));
        RecordingSink sink = sinks.start();
        Path log = tmp.resolve("serve.log");
        Process serve = reloadableServe(config, sink, log);
        int port = ServeChild.ports(log).smtp();
        assertThat(Files.readString(log)).contains("STARTTLS with CN=localhost, valid until ");

        // swaks, checking the certificate against the site's CA: ham relayed, spam refused, both inside TLS
        String ham = swaksTls(port, "ham-2.eml", "friend@client.test", firstCa);
        assertThat(ham).contains("<-  220 2.0.0 Ready to start TLS", "=== TLS started with cipher TLSv1.").containsPattern("<~  250 2\\.0\\.0 ");
        assertThat(sink.delivered).as(ham).hasSize(1);
        assertThat(sink.delivered.getFirst().text()).contains("X-Spam-Status: No");
        // the decision line may follow the session's end by up to the decision log's patience
        Await.until(() -> java.util.regex.Pattern.compile("\"event\":\"message\".*\"helo\":\"client.test\",\"tls\":\"TLSv1\\.3 TLS_")
                .matcher(Files.readString(log)).find());
        String spam = swaksTls(port, "spam-1.eml", "spammer@client.test", firstCa);
        assertThat(spam).contains("=== TLS started with cipher").containsPattern("<~\\* +550 ");
        assertThat(sink.delivered).hasSize(1);

        // Postfix's smtp client as a sending site's: TLS required, the certificate checked against the CA file
        int front = FreePorts.next();
        try (PrivatePostfix postfix = PrivatePostfix.start("smtp_tls_security_level = encrypt\nsmtp_tls_CAfile = " + firstCa
                + "\nsmtp_tls_loglevel = 1\n", front + " inet n - n - - smtpd\ntlsmgr unix - - n 1000? 1 tlsmgr\n", port, front)) {
            assertThat(PostfixProxyTest.swaks(front, "ham-3.eml", "sender@client.test")).contains("<-  250 2.0.0 Ok: queued");
            for (int i = 0; i < 300 && sink.delivered.size() < 2; i++) Thread.sleep(100);
            assertThat(sink.delivered).as(postfix.maillog()).hasSize(2);
            assertThat(postfix.maillog()).contains("Trusted TLS connection established to 127.0.0.1[127.0.0.1]:" + port);
        }

        // a renewal: new files in place, then SIGHUP (as certbot's deploy hook runs systemctl reload)
        Path renewal = Files.createDirectories(tmp.resolve("renewal"));
        TestCertificates.openssl(renewal, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
        TestCertificates.openssl(renewal, "req", "-x509", "-key", "key.pem", "-days", "90", "-subj", "/O=Renewed/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-out", "cert.pem");
        Files.copy(renewal.resolve("cert.pem"), site.certificate(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(renewal.resolve("key.pem"), site.key(), StandardCopyOption.REPLACE_EXISTING);
        assertThat(Commands.run("kill", "-HUP", String.valueOf(serve.pid())).exit()).isZero();
        ServeReloadTest.waitForLog(log, "reloaded (SIGHUP); now STARTTLS with CN=localhost,O=Renewed, valid until ", 1);
        assertThat(sClient(port, renewal.resolve("cert.pem"))).contains("Verification: OK");
        assertThat(sClient(port, firstCa)).doesNotContain("Verification: OK");

        // a key file broken at the next reload: refused with why, the renewed certificate still served
        Files.writeString(site.key(), "not a key\n");
        assertThat(Commands.run("kill", "-HUP", String.valueOf(serve.pid())).exit()).isZero();
        ServeReloadTest.waitForLog(log, "refused (SIGHUP), keeping the running one: smtp.tls-key-file: " + site.key()
                + " holds no private key", 1);
        assertThat(sClient(port, renewal.resolve("cert.pem"))).contains("Verification: OK");
        assertThat(swaksTls(port, "ham-4.eml", "friend@client.test", renewal.resolve("cert.pem"))).containsPattern("<~  250 2\\.0\\.0 ");
        assertThat(sink.delivered).hasSize(3);
        assertThat(Files.readString(log)).doesNotContain("Exception", "\tat ");
    }

    /**
     * smtp.tls-security-level: encrypt, set by a reload of a serve that offered STARTTLS only: swaks
     * in plaintext is refused at MAIL with Postfix's 530 and nothing is relayed; swaks with STARTTLS
     * delivers.
     */
    @Test
    void aReloadToEncryptRefusesPlaintextMailAndTakesItOverTls() throws Exception {
        TestCertificates.Pair site = TestCertificates.rsa(tmp, "site");
        Path config = tmp.resolve("bayard.yaml");
        String tls = "smtp:\n  tls-cert-file: " + site.certificate() + "\n  tls-key-file: " + site.key() + "\n";
        Files.writeString(config, tls);
        RecordingSink sink = sinks.start();
        Path log = tmp.resolve("serve.log");
        Process serve = reloadableServe(config, sink, log);
        int port = ServeChild.ports(log).smtp();
        assertThat(PostfixProxyTest.swaks(port, "ham-2.eml", "friend@client.test")).contains("<-  250 2.0.0 ");
        assertThat(sink.delivered).hasSize(1);

        Files.writeString(config, tls + "  tls-security-level: encrypt\n");
        assertThat(Commands.run("kill", "-HUP", String.valueOf(serve.pid())).exit()).isZero();
        ServeReloadTest.waitForLog(log, "reloaded (SIGHUP); now STARTTLS required before MAIL, with CN=localhost, valid until ", 1);
        String plain = PostfixProxyTest.swaks(port, "ham-3.eml", "friend@client.test");
        assertThat(plain).contains("<** 530 5.7.0 Must issue a STARTTLS command first").doesNotContain("RCPT TO");
        assertThat(swaksTls(port, "ham-4.eml", "friend@client.test", site.certificate())).containsPattern("<~  250 2\\.0\\.0 ");
        assertThat(sink.delivered).hasSize(2);
        assertThat(sink.delivered.getLast().text()).doesNotContain("ham-3");
    }

    /** A certificate serve cannot read ends its start with one line saying which file and why, before it takes any mail. */
    @Test
    void aCertificateThatCannotBeReadEndsTheStartWithOneLine() throws Exception {
        Path config = tmp.resolve("bayard.yaml");
        Path missing = tmp.resolve("missing.pem");
        Files.writeString(config, "smtp:\n  tls-cert-file: " + missing + "\n");
        Path log = tmp.resolve("serve.log");
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), gates.copy(tmp), tmp.resolve("q"), FreePorts.next(), log,
                "-c", config.toString());
        Commands.Ran ran = Commands.run(pb, 60);
        String said = Files.readString(log);
        assertThat(ran.exit()).as(said).isEqualTo(1);
        assertThat(said).contains("smtp.tls-cert-file: " + missing + ": no such file").doesNotContain("Exception", "\tat ", "listening on");
    }

    /**
     * smtp.next-hop-tls: starttls, with a real Postfix as the next hop that takes mail only over TLS
     * (smtpd_tls_security_level = encrypt): what the gate relays reaches Postfix's queue over TLS, and
     * with the JVM's CAs, which do not sign Postfix's certificate, nothing is relayed and the client
     * gets 451, the decision line saying why; with may, any certificate is taken and the mail goes.
     */
    @Test
    void theNextHopIsSpokenToOverTlsWhenAsked() throws Exception {
        TestCertificates.Pair postfixCert = TestCertificates.rsa(tmp, "postfix");
        RecordingSink sink = sinks.start();
        int postfixPort = FreePorts.next();
        try (PrivatePostfix postfix = PrivatePostfix.start("smtpd_tls_security_level = encrypt\nsmtpd_tls_cert_file = "
                + postfixCert.certificate() + "\nsmtpd_tls_key_file = " + postfixCert.key() + "\nsmtpd_tls_loglevel = 1\n",
                postfixPort + " inet n - n - - smtpd\ntlsmgr unix - - n 1000? 1 tlsmgr\n", sink.address().getPort(), postfixPort)) {
            Path config = tmp.resolve("bayard.yaml");
            Files.writeString(config, "smtp:\n  next-hop-tls: starttls\n  next-hop-tls-ca-file: " + postfixCert.certificate() + "\n");
            Path log = tmp.resolve("serve.log");
            Path db = gates.copy(tmp);
            Path quarantine = tmp.resolve("q");
            ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), db, quarantine, postfixPort, log, "-c", config.toString());
            processes.add(pb.start());
            int port = ServeChild.ports(log).smtp();
            assertThat(PostfixProxyTest.swaks(port, "ham-2.eml", "friend@client.test")).contains("<-  250 2.0.0 Ok: queued");
            for (int i = 0; i < 300 && sink.delivered.isEmpty(); i++) Thread.sleep(100);
            assertThat(sink.delivered).as(postfix.maillog()).hasSize(1);
            assertThat(postfix.maillog()).contains("TLS connection established from localhost[127.0.0.1]");

            // a held message released by a moderator's command goes the same way
            assertThat(PostfixProxyTest.swaks(port, "ham-1.eml", "unsure@client.test")).contains("<-  250 2.0.0 Ok: held");
            String id;
            try (var held = Files.list(quarantine)) {
                id = held.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).findFirst().orElseThrow().replace(".eml", "");
            }
            Cli.Result release = new Cli(db).run("quarantine", "release", id, "--quarantine", quarantine.toString(),
                    "--next-hop", "127.0.0.1:" + postfixPort, "-c", config.toString());
            assertThat(release.exitCode()).as(release.err()).isZero();
            for (int i = 0; i < 300 && sink.delivered.size() < 2; i++) Thread.sleep(100);
            // (this Postfix takes no MAIL before STARTTLS: smtpd_tls_security_level = encrypt)
            assertThat(sink.delivered).as(postfix.maillog()).hasSize(2);

            // the JVM's CAs do not sign Postfix's certificate: refused, and said
            Files.writeString(config, "smtp:\n  next-hop-tls: starttls\n");
            ServeReloadTest.waitForLog(log, "reloaded (file changed)", 1);
            String refused = PostfixProxyTest.swaks(port, "ham-4.eml", "other@client.test");
            assertThat(refused).contains("451 4.3.0");
            Await.until(() -> Files.readString(log).contains("TLS with the next hop 127.0.0.1:" + postfixPort
                    + " failed: its certificate is not signed by a CA this node trusts"));
            assertThat(sink.delivered).hasSize(2);

            // opportunistic (may) takes any certificate: this Postfix, which takes mail only over TLS, gets it
            Files.writeString(config, "smtp:\n  next-hop-tls: may\n");
            ServeReloadTest.waitForLog(log, "reloaded (file changed)", 2);
            assertThat(PostfixProxyTest.swaks(port, "ham-3.eml", "third@client.test")).contains("<-  250 2.0.0 Ok: queued");
            for (int i = 0; i < 300 && sink.delivered.size() < 3; i++) Thread.sleep(100);
            assertThat(sink.delivered).as(postfix.maillog()).hasSize(3);
        }
    }

    /**
     * A next hop that takes mail only from clients showing a certificate it trusts (Postfix with
     * smtpd_tls_req_ccert, as a relay that authorizes by certificate): with
     * smtp.next-hop-tls-cert-file the gate's relayed mail reaches its queue, Postfix logging the TLS
     * connection trusted; after a reload that leaves the certificate out, Postfix refuses the gate,
     * which tells its client 451 and relays nothing. config check reads the files and names the key
     * of one that is missing, or set without TLS.
     */
    @Test
    void aNextHopThatAsksForAClientCertificateIsShownTheOneConfigured() throws Exception {
        TestCertificates.Pair postfixCert = TestCertificates.rsa(tmp, "postfix");
        TestCertificates.Pair gateCert = TestCertificates.rsa(tmp, "gate");
        RecordingSink sink = sinks.start();
        int postfixPort = FreePorts.next();
        try (PrivatePostfix postfix = PrivatePostfix.start("smtpd_tls_security_level = encrypt\nsmtpd_tls_cert_file = "
                + postfixCert.certificate() + "\nsmtpd_tls_key_file = " + postfixCert.key() + "\nsmtpd_tls_ask_ccert = yes\n"
                + "smtpd_tls_req_ccert = yes\nsmtpd_tls_CAfile = " + gateCert.certificate() + "\nsmtpd_tls_loglevel = 1\n",
                postfixPort + " inet n - n - - smtpd\ntlsmgr unix - - n 1000? 1 tlsmgr\n", sink.address().getPort(), postfixPort)) {
            String toPostfix = "smtp:\n  next-hop-tls: starttls\n  next-hop-tls-ca-file: " + postfixCert.certificate() + "\n";
            Path config = tmp.resolve("bayard.yaml");
            Files.writeString(config, toPostfix + "  next-hop-tls-cert-file: " + gateCert.certificate() + "\n  next-hop-tls-key-file: "
                    + gateCert.key() + "\n");
            Path log = tmp.resolve("serve.log");
            processes.add(ServeChild.command(List.of("-Xmx256m"), gates.copy(tmp), tmp.resolve("q"), postfixPort, log, "-c",
                    config.toString()).start());
            int port = ServeChild.ports(log).smtp();
            assertThat(PostfixProxyTest.swaks(port, "ham-2.eml", "friend@client.test")).contains("<-  250 2.0.0 Ok: queued");
            for (int i = 0; i < 300 && sink.delivered.isEmpty(); i++) Thread.sleep(100);
            assertThat(sink.delivered).as(postfix.maillog()).hasSize(1);
            assertThat(postfix.maillog()).contains("Trusted TLS connection established from localhost[127.0.0.1]");

            Files.writeString(config, toPostfix);
            ServeReloadTest.waitForLog(log, "reloaded (file changed)", 1);
            assertThat(PostfixProxyTest.swaks(port, "ham-4.eml", "other@client.test")).contains("451 4.3.0");
            Thread.sleep(500);
            assertThat(sink.delivered).as(postfix.maillog()).hasSize(1);
        }
        Cli cli = new Cli(tmp.resolve("db"));
        Path missing = Files.writeString(tmp.resolve("missing.yaml"), "smtp:\n  next-hop-tls: may\n  next-hop-tls-cert-file: "
                + tmp.resolve("gone.pem") + "\n");
        Cli.Result gone = cli.run("config", "check", missing.toString());
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("bayard: smtp.next-hop-tls-cert-file: " + tmp.resolve("gone.pem") + ": no such file\n");
        Path plain = Files.writeString(tmp.resolve("plain.yaml"), "smtp:\n  next-hop-tls-cert-file: " + gateCert.certificate() + "\n");
        assertThat(cli.run("config", "check", plain.toString()).err()).contains("smtp.next-hop-tls-cert-file is shown to the next hop over"
                + " TLS, and smtp.next-hop-tls is none: set it to may or starttls").hasLineCount(1);
    }

    /**
     * config check reads the files serve will read (so a renewal gone wrong is found before the
     * SIGHUP): a key of another certificate is the one line serve would give, an expired certificate a warning.
     */
    @Test
    void configCheckReadsTheCertificateAndWarnsOnceItHasExpired() throws Exception {
        TestCertificates.Pair site = TestCertificates.rsa(tmp, "site");
        TestCertificates.Pair other = TestCertificates.rsa(tmp, "other");
        Path good = Files.writeString(tmp.resolve("good.yaml"), "smtp:\n  tls-cert-file: " + site.certificate() + "\n  tls-key-file: "
                + site.key() + "\n");
        Cli now = new Cli(tmp.resolve("db"), java.time.Clock.systemUTC());
        Cli.Result ok = now.run("config", "check", good.toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.err()).isEmpty();
        Cli later = new Cli(tmp.resolve("db"), java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofDays(3)));
        Cli.Result expired = later.run("config", "check", good.toString());
        assertThat(expired.exitCode()).isZero();
        assertThat(expired.err()).startsWith("bayard: " + good + ": warning: STARTTLS's certificate has expired: CN=localhost, valid until ");

        Path mixed = Files.writeString(tmp.resolve("mixed.yaml"), "smtp:\n  tls-cert-file: " + site.certificate() + "\n  tls-key-file: "
                + other.key() + "\n");
        Cli.Result wrong = now.run("config", "check", mixed.toString());
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.err()).isEqualTo("bayard: smtp.tls-key-file: " + other.key() + " holds the private key of another certificate"
                + " than the first in " + site.certificate() + "\n");
        Path keyOnly = Files.writeString(tmp.resolve("key-only.yaml"), "smtp:\n  tls-key-file: " + site.key() + "\n");
        Cli.Result half = now.run("config", "check", keyOnly.toString());
        assertThat(half.exitCode()).isEqualTo(1);
        assertThat(half.err()).contains("smtp.tls-key-file is set but smtp.tls-cert-file is not").hasLineCount(1);

        Path encryptAlone = Files.writeString(tmp.resolve("encrypt-alone.yaml"), "smtp:\n  tls-security-level: encrypt\n");
        Cli.Result alone = now.run("config", "check", encryptAlone.toString());
        assertThat(alone.exitCode()).isEqualTo(1);
        assertThat(alone.err()).contains("smtp.tls-security-level is encrypt, but smtp.tls-cert-file is not set: STARTTLS needs a certificate")
                .hasLineCount(1);
        Path level = Files.writeString(tmp.resolve("level.yaml"), "smtp:\n  tls-cert-file: " + site.certificate() + "\n  tls-key-file: "
                + site.key() + "\n  tls-security-level: required\n");
        assertThat(now.run("config", "check", level.toString()).err()).contains("smtp.tls-security-level must be may (a client may use"
                + " STARTTLS) or encrypt (it must, before MAIL), got 'required'").hasLineCount(1);
        Path encrypt = Files.writeString(tmp.resolve("encrypt.yaml"), "smtp:\n  tls-cert-file: " + site.certificate() + "\n  tls-key-file: "
                + site.key() + "\n  tls-security-level: encrypt\n");
        assertThat(now.run("config", "check", encrypt.toString()).exitCode()).isZero();

        // the next hop's side
        Path typo = Files.writeString(tmp.resolve("typo.yaml"), "smtp:\n  next-hop-tls: encrypt\n");
        assertThat(now.run("config", "check", typo.toString()).err()).contains("smtp.next-hop-tls must be none, may (where the next hop"
                + " offers it, its certificate not checked) or starttls (required of the next hop, its certificate checked), got 'encrypt'")
                .hasLineCount(1);
        Path maybe = Files.writeString(tmp.resolve("maybe.yaml"), "smtp:\n  next-hop-tls: may\n");
        assertThat(now.run("config", "check", maybe.toString()).exitCode()).isZero();
        Path caAlone = Files.writeString(tmp.resolve("ca-alone.yaml"), "smtp:\n  next-hop-tls-ca-file: " + site.certificate() + "\n");
        assertThat(now.run("config", "check", caAlone.toString()).err())
                .contains("smtp.next-hop-tls-ca-file is for checking the next hop's certificate, and smtp.next-hop-tls is none, which checks none")
                .hasLineCount(1);
        Path caMay = Files.writeString(tmp.resolve("ca-may.yaml"), "smtp:\n  next-hop-tls: may\n  next-hop-tls-ca-file: " + site.certificate() + "\n");
        assertThat(now.run("config", "check", caMay.toString()).err()).contains("and smtp.next-hop-tls is may, which checks none: set it to starttls");
        Path noCa = Files.writeString(tmp.resolve("no-ca.yaml"), "smtp:\n  next-hop-tls: starttls\n  next-hop-tls-ca-file: "
                + tmp.resolve("gone.pem") + "\n");
        Cli.Result gone = now.run("config", "check", noCa.toString());
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).isEqualTo("bayard: smtp.next-hop-tls-ca-file: " + tmp.resolve("gone.pem") + ": no such file\n");
    }

    /** serve with {@code config}, relaying to {@code sink}, logging to {@code log}, reloading at SIGHUP (which the test's JVM may ignore, and so its children). */
    private Process reloadableServe(Path config, RecordingSink sink, Path log) throws Exception {
        ProcessBuilder pb = ServeChild.command(List.of("-Xmx256m"), gates.copy(tmp), tmp.resolve("q"), sink.address().getPort(), log,
                "-c", config.toString());
        pb.command().addAll(0, List.of("env", "--default-signal=HUP"));
        Process serve = pb.start();
        processes.add(serve);
        return serve;
    }

    /** swaks sends {@code sample} from {@code from} with STARTTLS required and the certificate checked against {@code ca}; what it printed. */
    private static String swaksTls(int port, String sample, String from, Path ca) throws Exception {
        return PrivatePostfix.run("swaks", "--server", "127.0.0.1", "--port", String.valueOf(port), "--from", from,
                "--to", "list@example.test", "--helo", "client.test", "--tls", "--tls-verify", "--tls-ca-path", ca.toString(),
                "--data", "@" + Path.of("../samples/held-out", sample).toAbsolutePath());
    }

    /** openssl s_client's STARTTLS to the gate, checking its certificate against {@code ca}; what it printed. */
    private static String sClient(int port, Path ca) throws Exception {
        return PrivatePostfix.run("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-starttls", "smtp", "-CAfile", ca.toString(),
                "-verify_ip", "127.0.0.1", "-brief");
    }
}
