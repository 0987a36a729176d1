package org.bayard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Large messages checked or learned side by side through the HTTP API of a running {@code bayard
 * serve}, in a heap a small server's JVM gets by default: the gate must live on and answer each.
 */
class LargeHttpBodiesTest {
    /** Requests at once, each just under the default http.max-body-bytes (10 MiB). */
    private static final int REQUESTS = 16;
    private static final int MESSAGE_BYTES = 10_000_000;
    /** A held message larger than the gate's heap (128 MB). */
    private static final long HUGE_BYTES = 160_000_000L;
    @TempDir Path tmp;
    @RegisterExtension final ChildProcesses processes = new ChildProcesses();
    @RegisterExtension final SmallHeapApi api = new SmallHeapApi();

    /**
     * A check scores only the first limits.max-scan-bytes of a message, but the API kept each
     * body whole (and copied it as it grew): 16 checks of 10 MB at once ran a 128 MB heap out,
     * and the JVM, told to exit then as the launcher tells serve, ended the gate and every SMTP
     * session with it. Each check now keeps what it scores and reads the rest off.
     */
    @Test
    void manyLargeChecksAtOnceLeaveTheGateRunning() throws Exception {
        int port = api.start(tmp);
        List<String> answers = sideBySide(port, "/checkv2", REQUESTS, MESSAGE_BYTES);
        for (String answer : answers) assertThat(answer).as(api.log()).matches("(?s)(200 .*\"score\".*|503 retry-after=1 .*busy.*)");
        assertThat(answers).as("scored by some of them").anyMatch(a -> a.startsWith("200 "));
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * Checks keep at most limits.max-scan-bytes (2 MiB) each, but as many run at once as
     * http.max-concurrent allows (64): 64 checks of 3 MB, each kept and tokenized, ran a 128 MB
     * heap out. What the checks keep, and about three times as much for the work on it, now comes
     * from the budget learns use; a check past it is told to try again (503, Retry-After).
     */
    @Test
    void asManyChecksOfAFewMegabytesAsAreAllowedAtOnceLeaveTheGateRunning() throws Exception {
        int port = api.start(tmp);
        List<String> answers = sideBySide(port, "/checkv2", 64, 3_000_000);
        for (String answer : answers) assertThat(answer).as(api.log()).matches("(?s)(200 .*\"score\".*|503 retry-after=1 .*busy.*)");
        assertThat(answers).as("scored by some of them").anyMatch(a -> a.startsWith("200 "));
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * A learn needs its message whole, and each took its own copy as it grew: 16 learns of 10 MB
     * at once ran a 128 MB heap out and ended the gate. Now the bodies kept whole at once stay
     * within a quarter of the heap (each read into one array of its declared size), and a learn
     * past that is told to try again (503, Retry-After), as a full server says.
     */
    @Test
    void manyLargeLearnsAtOnceLeaveTheGateRunning() throws Exception {
        int port = api.start(tmp);
        List<String> answers = sideBySide(port, "/api/learn?class=spam", REQUESTS, MESSAGE_BYTES);
        for (String answer : answers) {
            assertThat(answer).as(api.log()).matches("(?s)(200 .*\"outcome\".*|503 retry-after=1 .*busy.*)");
        }
        assertThat(answers).as("learned by one of them").anyMatch(a -> a.contains("\"outcome\":\"learned\""));
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * A view reads its held message whole and parses it: a message of 10 MB (the default size
     * limit) opened by 16 moderators or scripts at once ran a 128 MB heap out and ended the gate.
     * The views being built now stay within a share of the heap (one alone may pass it); the
     * others wait their turn, or after 10 s get 503 and are asked again.
     */
    @Test
    void manyViewsOfALargeHeldMessageAtOnceLeaveTheGateRunning() throws Exception {
        String id = "LARGEVIEW.1";
        holdLarge(id);
        int port = api.start(tmp);
        HttpRequest view = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/quarantine/" + id))
                .header("Authorization", SmallHeapApi.basic())
                .build();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            // a client each, as separate moderators and scripts are: one connection apiece, all at once
            answers.add(HttpClient.newHttpClient().sendAsync(view, HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> e != null ? "failed: " + e : r.statusCode() + " " + r.body()));
        }
        for (CompletableFuture<String> a : answers) assertThat(a.get()).as(api.log()).matches("(?s)(200 .*X-Filler.*|503 \\{\"error\":\"busy: other large messages are being shown; try again\"}.*)");
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * The raw message was read whole into the heap for each download: 16 downloads of a held
     * message of 10 MB at once ran a 128 MB heap out and ended the gate. It is now sent from its
     * file as it is read.
     */
    @Test
    void manyDownloadsOfALargeHeldMessageAtOnceLeaveTheGateRunning() throws Exception {
        String id = "LARGERAW.1";
        long size = holdLarge(id);
        int port = api.start(tmp);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            answers.add(HttpClient.newHttpClient().sendAsync(get(port, "/api/quarantine/" + id + "/raw"), HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(LargeHttpBodiesTest::statusAndLength).handle((r, e) -> e != null ? "failed: " + e : r));
        }
        for (CompletableFuture<String> a : answers) assertThat(a.get()).as(api.log()).isEqualTo("200: " + size + " bytes, ending " + ending("\r\nbody\r\n"));
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * The export read each held message whole and made three more copies of it on the way (as
     * text, with its line ends changed, split into lines): 16 exports at once of a quarantine
     * holding a message of 10 MB ran a 128 MB heap out. Each message is now copied through as it
     * is read.
     */
    @Test
    void manyExportsOfAQuarantineWithALargeMessageAtOnceLeaveTheGateRunning() throws Exception {
        holdLarge("LARGEEXPORT.1");
        int port = api.start(tmp);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            answers.add(HttpClient.newHttpClient().sendAsync(get(port, "/api/quarantine/export"), HttpResponse.BodyHandlers.ofInputStream())
                    .thenApply(LargeHttpBodiesTest::statusAndLength).handle((r, e) -> e != null ? "failed: " + e : r));
        }
        // mboxrd: a From line before it, LF for CR LF (8 lines), then a line end and a blank line
        long size = largeSize() - 8 + "From a@example.org Mon Nov 23 22:38:07 2026\n".length() + 2;
        for (CompletableFuture<String> a : answers) assertThat(a.get()).as(api.log()).isEqualTo("200: " + size + " bytes, ending " + ending("\nbody\n\n\n"));
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * A release or discard on the page read the held message whole twice only to see that it was
     * there (and once more for a judgement that learned nothing): a held message larger than the
     * heap, which a site that takes large mail (smtp.max-message-bytes) holds like any other,
     * could be neither released nor discarded, and trying ran the heap out and ended the gate.
     * They now only check that its file is there; the release still delivers it whole, from its file.
     */
    @Test
    void aHeldMessageLargerThanTheHeapIsReleasedAndDiscarded() throws Exception {
        Path dump = tmp.resolve("sink");
        long size = holdLines("HUGE.1", HUGE_BYTES);
        holdLines("HUGE.2", HUGE_BYTES);
        int port = api.start(tmp, SmtpSink.start(tmp, dump, processes));
        for (String decision : List.of("HUGE.1/release", "HUGE.2/discard")) {
            HttpRequest decide = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/quarantine/" + decision))
                    .header("Authorization", SmallHeapApi.basic()).POST(HttpRequest.BodyPublishers.noBody()).build();
            String answer = HttpClient.newHttpClient().sendAsync(decide, HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> e != null ? "failed: " + e : r.statusCode() + " " + r.body()).get();
            assertThat(answer).as(api.log()).startsWith("200 ").contains(decision.endsWith("release") ? "released" : "discarded");
        }
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
        try (var left = Files.list(tmp.resolve("q"))) {
            assertThat(left.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("HUGE"))).isEmpty();
        }
        try (var dumped = Files.list(dump)) {
            // smtp-sink keeps it with LF line ends, and its own trace fields and ours before it
            List<Path> files = dumped.toList();
            assertThat(files).hasSize(1);
            long withCrLf = Files.size(files.getFirst()) + lineEnds(files.getFirst());
            assertThat(withCrLf).isBetween(size, size + 4096);
        }
    }

    /**
     * learn-spam and learn-ham on the page read the held message whole to learn it, so one larger
     * than the heap ran it out and ended the gate. Learning reads what it needs of it (its first
     * limits.max-scan-bytes) and digests the rest as it streams past.
     */
    @Test
    void aHeldMessageLargerThanTheHeapIsLearned() throws Exception {
        holdLines("HUGE.3", HUGE_BYTES);
        holdLines("HUGE.4", HUGE_BYTES + 1);
        int port = api.start(tmp);
        for (String decision : List.of("HUGE.3/learn-spam", "HUGE.4/learn-ham")) {
            HttpRequest decide = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/quarantine/" + decision))
                    .header("Authorization", SmallHeapApi.basic()).POST(HttpRequest.BodyPublishers.noBody()).build();
            String answer = HttpClient.newHttpClient().sendAsync(decide, HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> e != null ? "failed: " + e : r.statusCode() + " " + r.body()).get();
            assertThat(answer).as(api.log()).startsWith("200 ").contains(decision.endsWith("spam") ? "learned as spam" : "learned as ham");
        }
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /**
     * The page's view of a held message read it whole and parsed it, and a view alone is let past
     * the views' memory budget, so viewing one larger than the heap ran it out and ended the gate.
     * Past what one view may take of that budget it shows the header and says why the body is not.
     */
    @Test
    void aHeldMessageLargerThanTheHeapIsViewed() throws Exception {
        holdLines("HUGE.5", HUGE_BYTES);
        int port = api.start(tmp);
        String answer = HttpClient.newHttpClient().sendAsync(get(port, "/api/quarantine/HUGE.5"), HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> e != null ? "failed: " + e : r.statusCode() + " " + r.body()).get();
        assertThat(answer).as(api.log()).startsWith("200 ").contains("body not shown");
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    private static long lineEnds(Path file) throws java.io.IOException {
        long n = 0;
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            for (int c; (c = in.read()) >= 0; ) if (c == '\n') n++;
        }
        return n;
    }

    /**
     * learn-spam and learn-ham on the page read the held message whole to learn it, with no bound
     * on how many at once: 16 moderators' decisions at once on held messages of 10 MB ran a 128 MB
     * heap out and ended the gate. They now share the views' budget: past it a decision waits
     * its turn, or after 10 s gets 503 and the message stays held.
     */
    @Test
    void manyLearnDecisionsOnLargeHeldMessagesAtOnceLeaveTheGateRunning() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            ids.add("LARGELEARN." + i);
            holdLines(ids.getLast(), MESSAGE_BYTES);
        }
        int port = api.start(tmp);
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (String id : ids) {
            HttpRequest decide = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/quarantine/" + id + "/learn-spam"))
                    .header("Authorization", SmallHeapApi.basic()).POST(HttpRequest.BodyPublishers.noBody()).build();
            answers.add(HttpClient.newHttpClient().sendAsync(decide, HttpResponse.BodyHandlers.ofString())
                    .handle((r, e) -> e != null ? "failed: " + e : r.statusCode() + " " + r.body()));
        }
        for (CompletableFuture<String> a : answers) {
            assertThat(a.get()).as(api.log()).matches("(?s)(200 .*learned as spam and discarded.*|503 .*busy.*)");
        }
        assertThat(api.serve().isAlive()).as(api.log()).isTrue();
        assertThat(api.log()).doesNotContain("OutOfMemoryError");
    }

    /** Holds a message of a little over {@link #MESSAGE_BYTES} (a header field of that many x's) as {@code id}; its size. */
    private long holdLarge(String id) throws java.io.IOException {
        Path q = Files.createDirectories(tmp.resolve("q"));
        try (java.io.OutputStream out = Files.newOutputStream(q.resolve(id + ".eml"))) {
            out.write(LARGE_HEAD.getBytes(StandardCharsets.US_ASCII));
            out.write("x".repeat(MESSAGE_BYTES).getBytes(StandardCharsets.US_ASCII));
            out.write(LARGE_TAIL.getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(q.resolve(id + ".json"), "{\"queue_id\":\"" + id + "\",\"received\":\"2026-11-23T22:38:07Z\",\"client\":\"192.0.2.1\","
                + "\"helo\":\"client.example\",\"from\":\"a@example.org\",\"rcpt\":[\"list@example.org\"],\"action\":\"hold\","
                + "\"score\":0.5,\"reason\":\"bayes unsure\",\"symbols\":[],\"clues\":[]}");
        return largeSize();
    }

    /** Holds a message of {@code bytes} or a little more, of ordinary text lines, as {@code id}; its size. */
    private long holdLines(String id, long bytes) throws java.io.IOException {
        Path q = Files.createDirectories(tmp.resolve("q"));
        Path file = q.resolve(id + ".eml");
        byte[] line = "the minutes of the meeting, with the figures for the quarter and the plans for the next\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write("From: a@example.org\r\nTo: list@example.org\r\nSubject: held\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (long written = 0; written < bytes; written += line.length) out.write(line);
        }
        Files.writeString(q.resolve(id + ".json"), "{\"queue_id\":\"" + id + "\",\"received\":\"2026-11-23T22:38:07Z\",\"client\":\"192.0.2.1\","
                + "\"helo\":\"client.example\",\"from\":\"a@example.org\",\"rcpt\":[\"list@example.org\"],\"action\":\"hold\","
                + "\"score\":0.5,\"reason\":\"bayes unsure\",\"symbols\":[],\"clues\":[]}");
        return Files.size(file);
    }

    private static final String LARGE_HEAD = "From: a@example.org\r\nTo: list@example.org\r\nSubject: held\r\nMessage-ID: <large@example.org>\r\n"
            + "Date: Mon, 23 Nov 2026 10:00:00 +0000\r\nX-Filler: ";
    private static final String LARGE_TAIL = "\r\n\r\nbody\r\n";

    private static long largeSize() {
        return LARGE_HEAD.length() + MESSAGE_BYTES + LARGE_TAIL.length();
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", SmallHeapApi.basic()).build();
    }

    /** "STATUS: N bytes, ending ..." (the last 8 bytes, CR and LF shown as \\r and \\n), reading the body off without keeping it. */
    private static String statusAndLength(HttpResponse<java.io.InputStream> r) {
        try (java.io.InputStream in = r.body()) {
            byte[] buf = new byte[65536];
            byte[] last = new byte[0];
            long n = 0;
            for (int k; (k = in.read(buf)) > 0; n += k) {
                byte[] joined = java.util.Arrays.copyOf(last, last.length + k);
                System.arraycopy(buf, 0, joined, last.length, k);
                last = java.util.Arrays.copyOfRange(joined, Math.max(0, joined.length - 8), joined.length);
            }
            return r.statusCode() + ": " + n + " bytes, ending " + ending(new String(last, StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
            return r.statusCode() + ": cut off: " + e;
        }
    }

    private static String ending(String tail) {
        return tail.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** {@code count} posts of a message of {@code bytes} to {@code path} at once: each answer as "status [retry-after=N ]body", or how it failed. */
    private static List<String> sideBySide(int port, String path, int count, int bytes) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", SmallHeapApi.basic())
                .POST(HttpRequest.BodyPublishers.ofByteArray(large(bytes))).build();
        List<CompletableFuture<String>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(client.sendAsync(post, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> e != null ? "failed: " + e
                    : r.statusCode() + " " + r.headers().firstValue("Retry-After").map(s -> "retry-after=" + s + " ").orElse("") + r.body()));
        }
        List<String> out = new ArrayList<>();
        for (CompletableFuture<String> a : answers) out.add(a.get());
        return out;
    }

    /** A message of {@code bytes}: headers, then lines of words. */
    private static byte[] large(int bytes) {
        StringBuilder b = new StringBuilder(bytes);
        b.append("From: sender@example.net\r\nTo: list@example.org\r\nSubject: a large one\r\nMessage-ID: <large@example.net>\r\n\r\n");
        String line = "cheap offer click here to claim the prize you won, or read the minutes of the meeting\r\n";
        while (b.length() + line.length() <= bytes) b.append(line);
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
