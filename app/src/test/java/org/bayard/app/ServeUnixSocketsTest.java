package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bayard.smtp.RecordingSink;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bayard serve} with its spamd and milter doors on Unix sockets, as a child JVM: the start
 * lines name them, spamc -U is answered, a second serve is refused the sockets the first
 * listens on, the sockets a serve killed with SIGKILL left behind are taken over by the next,
 * and a serve stopped as systemd stops it removes them.
 */
class ServeUnixSocketsTest {
    @TempDir Path tmp;
    @RegisterExtension final TrainedGates gates = new TrainedGates();
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();

    @Test
    void socketsLeftByAKilledServeAreTakenOverAndOnesInUseAreNot() throws Exception {
        RecordingSink sink = sinks.start();
        Path spamd = tmp.resolve("spamd.sock"), milter = tmp.resolve("milter.sock");
        Path config = Files.writeString(tmp.resolve("bayard.yaml"), "spamd:\n  listen: \"unix:" + spamd + "\"\n  socket-mode: \"0600\"\n"
                + "milter:\n  listen: \"unix:" + milter + "\"\n"
                + "http:\n  listen: \"127.0.0.1:0\"\n  users:\n    - name: mod\n      role: admin\n      password-hash: \""
                + org.bayard.http.Passwords.hash("a long passphrase".toCharArray(), 10_000) + "\"\n");

        Path firstLog = tmp.resolve("first.log");
        Process first = serve(tmp.resolve("first"), sink, config, firstLog);
        ServeChild.ports(firstLog);
        assertThat(Files.readString(firstLog)).contains("spamd protocol (spamc, Exim's spam condition) on unix:" + spamd,
                "milter (Postfix smtpd_milters, Sendmail) on unix:" + milter);
        assertThat(PrivatePostfix.run("stat", "-c", "%A", spamd.toString(), milter.toString())).contains("srw-------", "srw-rw----");
        assertThat(spamc(spamd, "spam-1.eml").exit()).as("spam: spamc -c exits 1").isEqualTo(1);

        Path secondLog = tmp.resolve("second.log");
        Process second = serve(tmp.resolve("second"), sink, config, secondLog);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(Files.readString(secondLog)).contains("spamd.listen unix:" + spamd + ": cannot listen there: another process listens on "
                + spamd + " (a bayard serve running already?)").doesNotContain("\tat org.bayard");
        assertThat(spamc(spamd, "spam-1.eml").exit()).as("the first still answers").isEqualTo(1);

        assertThat(Commands.run("kill", "-KILL", String.valueOf(first.pid())).exit()).isZero();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(spamd).as("left behind by the kill").exists();
        assertThat(milter).exists();

        Path thirdLog = tmp.resolve("third.log");
        Process third = serve(tmp.resolve("third"), sink, config, thirdLog);
        int http = ServeChild.ports(thirdLog).http();
        assertThat(spamc(spamd, "spam-1.eml").exit()).as("the next serve answers on the same path").isEqualTo(1);
        try (SocketChannel mta = SocketChannel.open(UnixDomainSocketAddress.of(milter))) {
            assertThat(mta.isConnected()).as("the milter's socket taken over too").isTrue();
            // the doors' connections on /metrics: the MTA's one open, none turned away
            String scraped = "";
            for (int i = 0; i < 100 && !scraped.contains("bayard_door_connections{door=\"milter\"} 1.0"); i++) {
                Thread.sleep(50);
                scraped = metrics(http);
            }
            assertThat(scraped).contains("bayard_door_connections{door=\"milter\"} 1.0", "bayard_door_turned_away_total{door=\"milter\"} 0.0",
                    "bayard_door_connections{door=\"spamd\"} 0.0", "bayard_door_turned_away_total{door=\"spamd\"} 0.0");
        }

        third.destroy(); // SIGTERM, as systemctl stop sends
        assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(spamd).as("removed by the stop").doesNotExist();
        assertThat(milter).doesNotExist();
    }

    private Process serve(Path dir, RecordingSink sink, Path config, Path log) throws Exception {
        Files.createDirectories(dir);
        Process p = ServeChild.command(List.of("-Xmx256m"), gates.copy(dir), dir.resolve("q"), sink.address().getPort(), log,
                "-c", config.toString()).start();
        processes.add(p);
        return p;
    }

    private static String metrics(int port) throws Exception {
        java.net.http.HttpRequest get = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("mod:a long passphrase".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8))).build();
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(get, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private static Commands.Ran spamc(Path socket, String sample) throws Exception {
        Commands.Ran ran = Commands.run(new ProcessBuilder("spamc", "-U", socket.toString(), "-c")
                .redirectInput(Path.of("../samples/held-out", sample).toFile()), 60);
        assertThat(ran.timedOut()).isFalse();
        return ran;
    }
}
