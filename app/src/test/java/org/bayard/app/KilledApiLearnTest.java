package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.bayard.core.store.Digest;
import org.bayard.core.store.MailClass;
import org.bayard.core.train.ContentDigest;
import org.bayard.http.Passwords;
import org.bayard.smtp.Sinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * RELIABILITY F7 through the HTTP API: serve killed with SIGKILL while four clients learn through
 * {@code /api/learn}. After each kill the store opens without repair, its ledger agrees with its
 * totals, and every message answered 200 is in the ledger as the class it was learned as (an
 * answered learning is never lost). Sending every message again to a serve started anew then
 * reaches exactly the store of one serve that was never killed.
 */
class KilledApiLearnTest {
    private static final String PASSPHRASE = "a long passphrase";
    private static final int PER_CLASS = 100;
    private static final int CLIENTS = 4;
    @TempDir Path tmp;
    @RegisterExtension final Sinks sinks = new Sinks();
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    private final HttpClient http = HttpClient.newHttpClient();

    record Lesson(byte[] message, String mailClass, Digest digest) {
        static Lesson of(String text, String mailClass) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            return new Lesson(bytes, mailClass, ContentDigest.identify(bytes).digest());
        }
    }

    @Test
    void serveKilledWhileClientsLearnLosesNoAnsweredLearningAndEndsAsAnUninterruptedRun() throws Exception {
        List<Lesson> lessons = lessons();
        Path trained = SampleStore.trained(tmp.resolve("trained"));
        Path golden = SampleStore.copy(trained, tmp.resolve("golden"));
        learnEverythingAndStop(golden, lessons);

        Path db = SampleStore.copy(trained, tmp.resolve("killed"));
        Map<Digest, String> answered = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Lesson> left = new ConcurrentLinkedQueue<>(shuffled(lessons));
        List<String> kills = new ArrayList<>();
        for (int cycle = 0; cycle < 4 && !left.isEmpty(); cycle++) {
            Process serve = start(db, "cycle" + cycle);
            int port = ServeChild.ports(tmp.resolve("cycle" + cycle + ".log")).http();
            int before = answered.size();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) clients.add(Thread.ofPlatform().start(() -> learnWhileAlive(port, serve, left, answered)));
            Await.until(() -> answered.size() > before || left.isEmpty() || !serve.isAlive());
            long delay = ThreadLocalRandom.current().nextLong(0, 400);
            Thread.sleep(delay);
            ChildJvm.kill(serve);
            for (Thread t : clients) t.join(60_000);
            kills.add(delay + " ms after the first answer: " + (answered.size() - before) + " answered, " + left.size() + " left");

            KilledTrainTest.assertConsistent(db);
            Map<Digest, MailClass> ledger = KilledLearnTest.Logical.of(db).ledger();
            answered.forEach((digest, mailClass) -> assertThat(ledger.get(digest)).as("an answered learning, kills at %s", kills)
                    .isEqualTo(mailClass.equals("spam") ? MailClass.SPAM : MailClass.HAM));
        }
        System.out.println("F7 (API): kills at " + kills);
        assertThat(kills).as("killed while learning was left: %s", kills).anyMatch(k -> !k.endsWith(" 0 left"));

        learnEverythingAndStop(db, lessons);
        KilledLearnTest.Logical expected = KilledLearnTest.Logical.of(golden);
        KilledLearnTest.Logical got = KilledLearnTest.Logical.of(db);
        assertThat(got.totals()).as("kills at %s", kills).isEqualTo(expected.totals());
        assertThat(got.ledger()).as("kills at %s", kills).isEqualTo(expected.ledger());
        assertThat(got.tokens().equals(expected.tokens())).as("every token's counts, kills at %s", kills).isTrue();
    }

    /** Distinct generated messages of each class, each with words of its own so that no two share a digest. */
    private static List<Lesson> lessons() {
        Random random = new Random(7);
        List<Lesson> lessons = new ArrayList<>();
        for (String mailClass : List.of("ham", "spam")) {
            for (int i = 0; i < PER_CLASS; i++) {
                StringBuilder body = new StringBuilder();
                for (int w = 0; w < 40; w++) body.append(mailClass).append(random.nextInt(5_000)).append(w % 10 == 9 ? "\r\n" : " ");
                lessons.add(Lesson.of("From: " + mailClass + i + "@example.com\r\nSubject: " + mailClass + " number " + i
                        + "\r\nMessage-ID: <" + mailClass + i + "@api.test>\r\n\r\n" + body + "\r\n", mailClass));
            }
        }
        return lessons;
    }

    private static List<Lesson> shuffled(List<Lesson> lessons) {
        List<Lesson> copy = new ArrayList<>(lessons);
        Collections.shuffle(copy, new Random(11));
        return copy;
    }

    /** Takes lessons off {@code left} and learns them until serve dies; one not answered 200 goes back. */
    private void learnWhileAlive(int port, Process serve, ConcurrentLinkedQueue<Lesson> left, Map<Digest, String> answered) {
        Lesson lesson;
        while (serve.isAlive() && (lesson = left.poll()) != null) {
            try {
                HttpResponse<String> r = post(port, lesson);
                if (r.statusCode() == 200) answered.put(lesson.digest(), lesson.mailClass());
                else left.add(lesson);
            } catch (IOException e) {
                left.add(lesson); // serve was killed under it: it may or may not be learned, and is sent again
            } catch (InterruptedException e) {
                left.add(lesson);
                return;
            }
        }
    }

    /** A serve on {@code db}, every lesson learned through it (200, learned or learned already), then stopped with SIGTERM. */
    private void learnEverythingAndStop(Path db, List<Lesson> lessons) throws Exception {
        Process serve = start(db, db.getParent().getFileName() + "-whole");
        int port = ServeChild.ports(tmp.resolve(db.getParent().getFileName() + "-whole.log")).http();
        for (Lesson lesson : lessons) {
            HttpResponse<String> r = post(port, lesson);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).containsAnyOf("\"outcome\":\"learned\"", "\"outcome\":\"already_learned\"");
        }
        serve.destroy();
        assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private Process start(Path db, String name) throws Exception {
        Path config = Files.writeString(tmp.resolve(name + ".yaml"), "http:\n  listen: \"127.0.0.1:0\"\n  users:\n"
                + "    - name: mod\n      role: admin\n      password-hash: \"" + Passwords.hash(PASSPHRASE.toCharArray(), 10_000) + "\"\n");
        Process serve = ServeChild.command(List.of("-Xmx256m"), db, db.resolveSibling("q"), sinks.start().address().getPort(),
                tmp.resolve(name + ".log"), "-c", config.toString()).start();
        processes.add(serve);
        return serve;
    }

    private HttpResponse<String> post(int port, Lesson lesson) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/learn?class=" + lesson.mailClass()))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("mod:" + PASSPHRASE).getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(lesson.message())).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
