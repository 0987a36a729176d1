package org.bayard.nntp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.bayard.net.testing.FreePorts;

/**
 * A private INN (Debian's inn2) for a test: innd on loopback and a port of its own, with its
 * configuration, history, spool and overview in a folder of its own under the temporary folder,
 * readable by the news user innd runs as. Readers and posters are whoever connects from
 * loopback (the package's readers.conf). Stopped by pid, never by a command another test's
 * server could get.
 */
public final class InnServer implements AutoCloseable {
    private static final Path BIN = Path.of("/usr/lib/news/bin");
    /** The package's own files for these, unchanged: who may read and post, peers, feeds, where articles go. */
    private static final List<String> PACKAGE_FILES = List.of("readers.conf", "incoming.conf", "newsfeeds", "storage.conf", "expire.ctl");

    private final Path dir;
    private final int port;
    private Process innd;
    /** nnrpd on a port of its own, TLS from the first byte (NNTPS); null until {@link #startImplicitTls}. */
    private Process nnrpsd;

    private InnServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A reader's login: its name, its password and that password's crypt(3) hash, which ckpasswd reads from a file. */
    public record Login(String user, String password, String cryptHash) {}

    /** The login reading needs; null when loopback reads and posts without one. */
    private Login login;
    /** Whether readers may STARTTLS, with a certificate of the fixture's own for 127.0.0.1 and localhost. */
    private boolean tls;

    /** Starts innd serving {@code groups}, each empty and open to posting. */
    public static InnServer start(String... groups) throws IOException, InterruptedException {
        return start(null, groups);
    }

    /**
     * As above; with a {@code login}, reading needs AUTHINFO as that user (INN's ckpasswd with a
     * password file): without it a reader gets 480 at GROUP, and POST is refused too: articles
     * come in by {@link #feed}, as from a peer, which is not asked.
     */
    public static InnServer start(Login login, String... groups) throws IOException, InterruptedException {
        return start(login, false, groups);
    }

    /**
     * As above; with {@code tls}, readers may STARTTLS (after MODE READER), the server showing a
     * self-signed certificate for 127.0.0.1 and localhost, which {@link #certificate} holds.
     */
    public static InnServer start(Login login, boolean tls, String... groups) throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("innd"))) {
            throw new IOException("innd is not installed (" + BIN + "); run-tests installs Debian's inn2");
        }
        // innd runs as news, which must reach the folder: the temporary folder, not a test's private one
        Path dir = Files.createTempDirectory("bayard-inn", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        InnServer server = new InnServer(dir, FreePorts.next());
        server.login = login;
        server.tls = tls;
        try {
            server.configure(groups);
            server.launch();
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void configure(String... groups) throws IOException, InterruptedException {
        for (String sub : List.of("etc", "db", "run", "log", "http", "spool/articles", "spool/overview", "spool/incoming/tmp",
                "spool/outgoing", "spool/archive")) {
            Files.createDirectories(dir.resolve(sub));
        }
        for (String f : PACKAGE_FILES) Files.copy(Path.of("/etc/news", f), dir.resolve("etc").resolve(f));
        if (login != null) {
            Files.writeString(dir.resolve("etc/passwd"), login.user() + ":" + login.cryptHash() + "\n");
            Files.writeString(dir.resolve("etc/readers.conf"), String.join("\n",
                    "auth \"login\" {", "    hosts: \"*\"", "    auth: \"ckpasswd -f " + dir.resolve("etc/passwd") + "\"", "}",
                    "access \"login\" {", "    users: \"" + login.user() + "\"", "    newsgroups: \"*\"", "    access: RPA", "}", ""));
        }
        if (tls) {
            org.bayard.net.testing.TestCertificates.rsa(dir.resolve("etc"), "inn");
        }
        Files.writeString(dir.resolve("etc/inn.conf"), innConf() + (tls ? "tlscertfile: " + certificate() + "\ntlskeyfile: "
                + dir.resolve("etc/inn-key.pem") + "\n" : ""));
        StringBuilder active = new StringBuilder("control 0000000000 0000000001 n\ncontrol.cancel 0000000000 0000000001 n\n"
                + "junk 0000000000 0000000001 n\n");
        StringBuilder descriptions = new StringBuilder();
        for (String g : groups) {
            active.append(g).append(" 0000000000 0000000001 y\n");
            descriptions.append(g).append("\tA group of Bayard's tests\n");
        }
        Files.writeString(dir.resolve("db/active"), active);
        Files.writeString(dir.resolve("db/newsgroups"), descriptions);
        Files.writeString(dir.resolve("db/history"), "");
        Files.writeString(dir.resolve("db/active.times"), "");
        // INN's tools run as news even when started by root
        run(dir, "chown", "-R", "news:news", dir.toString());
        run(dir.resolve("db"), BIN.resolve("makedbz").toString(), "-i", "-o");
    }

    private String innConf() {
        String p = dir.toString();
        return String.join("\n",
                "domain: bayard.test",
                "pathhost: news.bayard.test",
                "organization: \"Bayard tests\"",
                "mta: \"/bin/true %s\"",
                "mailcmd: /bin/true",
                "server: 127.0.0.1",
                "bindaddress: 127.0.0.1",
                "port: " + port,
                "ovmethod: tradindexed",
                "hismethod: hisv6",
                "enableoverview: true",
                "pathnews: /usr/lib/news",
                "pathbin: " + BIN,
                "pathetc: " + p + "/etc",
                "pathdb: " + p + "/db",
                "pathrun: " + p + "/run",
                "pathlog: " + p + "/log",
                "pathhttp: " + p + "/http",
                "pathspool: " + p + "/spool",
                "patharticles: " + p + "/spool/articles",
                "pathoverview: " + p + "/spool/overview",
                "pathincoming: " + p + "/spool/incoming",
                "pathtmp: " + p + "/spool/incoming/tmp",
                "pathoutgoing: " + p + "/spool/outgoing",
                "patharchive: " + p + "/spool/archive",
                "");
    }

    private void run(Path cwd, String... command) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("setup.out").toFile());
        b.environment().put("INNCONF", dir.resolve("etc/inn.conf").toString());
        Process p = b.start();
        if (p.waitFor() != 0) throw new IOException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("setup.out")));
    }

    /** Starts innd (again, after {@link #kill}) and waits until it greets. */
    public void launch() throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(BIN.resolve("innd").toString(), "-f").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("innd.out").toFile()));
        b.environment().put("INNCONF", dir.resolve("etc/inn.conf").toString());
        innd = b.start();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        IOException last = null;
        while (System.nanoTime() < end) {
            if (!innd.isAlive()) throw new IOException("innd ended at start: " + log());
            try (Socket s = new Socket()) {
                s.connect(address(), 1000);
                s.setSoTimeout(2000);
                if (new String(s.getInputStream().readNBytes(3), StandardCharsets.US_ASCII).equals("200")) return;
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new IOException("innd on port " + port + " did not greet within 20 s: " + log(), last);
    }

    /** The server's certificate, self-signed (PEM), when it was started with TLS. */
    public Path certificate() {
        return dir.resolve("etc/inn-cert.pem"); // as TestCertificates names it
    }

    public InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** {@code host:port}, as the configuration takes it. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /**
     * Posts {@code message} to {@code group} through the reader's POST, a Newsgroups field put
     * first; returns the article's number there. INN adds its Path, Date, Injection fields and
     * Xref, as for any posting.
     */
    public long post(String group, byte[] message) throws IOException {
        try (Conversation c = new Conversation(address())) {
            c.say("MODE READER", "200");
            c.say("POST", "340");
            c.send(("Newsgroups: " + group + "\r\n").getBytes(StandardCharsets.US_ASCII), message, "240");
            return Long.parseLong(c.say("GROUP " + group, "211").split(" ")[3]);
        }
    }

    /**
     * Feeds {@code message} to innd as a peer does (IHAVE), with the Path, Date and Newsgroups
     * fields added first: an article as another server passed it on, which innd checks less than
     * a posting (a From that is no address, as Usenet has them, goes in). Returns its number there.
     */
    public long feed(String group, String messageId, byte[] message) throws IOException {
        try (Conversation c = new Conversation(address())) {
            c.say("IHAVE " + messageId, "335");
            String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
            c.send(("Path: peer.bayard.test!not-for-mail\r\nDate: " + date + "\r\nNewsgroups: " + group + "\r\nMessage-ID: "
                    + messageId + "\r\n").getBytes(StandardCharsets.US_ASCII), message, "235");
        }
        try (NntpClient c = NntpClient.connect(address(), Duration.ofSeconds(10))) {
            c.modeReader();
            if (login != null) c.authenticate(login.user(), login.password());
            return c.group(group).high();
        }
    }

    /** The fixture's own talk with innd: a command and the status it must get, an article sent whole. */
    private static final class Conversation implements AutoCloseable {
        private final Socket socket = new Socket();
        private final InputStream in;
        private final OutputStream out;

        Conversation(InetSocketAddress address) throws IOException {
            socket.connect(address, 5000);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            expect("200");
        }

        /** Sends {@code command}; returns the reply, which must start with {@code code}. */
        String say(String command, String code) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return expect(code);
        }

        /** Sends {@code fields} then {@code message}, dot-stuffed, and the final dot; the reply must start with {@code code}. */
        void send(byte[] fields, byte[] message, String code) throws IOException {
            out.write(fields);
            out.write(dotStuffed(message));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            expect(code);
        }

        private String expect(String code) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) throw new IOException("innd closed the connection; wanted " + code + " after " + line);
                if (c != '\r') line.append((char) c);
            }
            if (!line.toString().startsWith(code)) throw new IOException("innd answered " + line + ", not " + code);
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.close();
        }
    }

    /** The message with CRLF line ends and each line that starts with a dot given one more. */
    private static byte[] dotStuffed(byte[] message) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte c = message[i];
            if (lineStart && c == '.') b.write('.');
            if (c == '\n' && (i == 0 || message[i - 1] != '\r')) b.write('\r');
            b.write(c);
            lineStart = c == '\n';
        }
        if (!lineStart) b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /**
     * Starts a reader of the same spool on a port of its own that speaks TLS from the first byte,
     * as NNTPS on port 563 does (nnrpd -D -S), for a server started with TLS; returns its address.
     */
    public InetSocketAddress startImplicitTls() throws IOException, InterruptedException {
        if (!tls) throw new IllegalStateException("started without TLS");
        int tlsPort = FreePorts.next();
        ProcessBuilder b = new ProcessBuilder(BIN.resolve("nnrpd").toString(), "-D", "-f", "-S", "-b", "127.0.0.1", "-p",
                Integer.toString(tlsPort)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nnrpd.out").toFile()));
        b.environment().put("INNCONF", dir.resolve("etc/inn.conf").toString());
        nnrpsd = b.start();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", tlsPort);
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (!nnrpsd.isAlive()) throw new IOException("nnrpd ended at start: " + Files.readString(dir.resolve("nnrpd.out")));
            try (Socket s = new Socket()) {
                s.connect(address, 1000);
                return address;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nnrpd -S on port " + tlsPort + " took no connection within 20 s");
    }

    /** SIGKILL innd (its readers, nnrpd, stay with their connections), then waits for its end. */
    public void kill() throws InterruptedException {
        if (innd == null) return;
        innd.destroyForcibly();
        innd.waitFor();
    }

    private String log() throws IOException {
        Path out = dir.resolve("innd.out");
        return Files.exists(out) ? Files.readString(out) : "(no output)";
    }

    /** Stops innd and removes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        kill();
        if (nnrpsd != null) {
            nnrpsd.destroyForcibly();
            nnrpsd.waitFor();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
