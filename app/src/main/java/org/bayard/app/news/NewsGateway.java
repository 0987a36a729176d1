package org.bayard.app.news;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.bayard.app.LockedFile;
import org.bayard.app.config.GateConfig;
import org.bayard.app.config.HostPort;
import org.bayard.app.config.NntpConfig;
import org.bayard.nntp.Article;
import org.bayard.nntp.GroupRange;
import org.bayard.nntp.NntpClient;
import org.bayard.nntp.NntpRefusal;
import org.bayard.net.tls.TlsClient;
import javax.net.ssl.SSLSocketFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * One pass of the Usenet gateway over every configured newsgroup: the articles that arrived since
 * the group's mark, each handed to the gate (see {@link GateSubmission}) and the mark moved past
 * it once the gate has answered. A group's first pass starts after its newest article: the
 * gateway gates what arrives from now on, not the group's past. A news server that fails stops
 * the pass where it is; a gate that decides nothing (down, 4xx) stops it too, before the article
 * it could not hand over, which the next pass tries again. Writes a JSON line per article and
 * per event, as the gate does per message.
 */
public final class NewsGateway {
    /** The folder of the store's directory where the marks are kept. */
    public static final String FOLDER = "news";
    private static final String LOCK = ".lock";
    /** In ASCII, as the gate writes its lines (a UTF-8 Message-ID with JSON escapes). */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final NntpConfig config;
    private final InetSocketAddress gateAddress;
    private final String heloName;
    private final long maxArticleBytes;
    private final GroupMarks marks;
    private final Consumer<String> log;
    private final NewsEvents events;
    private final BooleanSupplier stopping;

    /**
     * @param db the store's directory, where {@link #FOLDER} keeps the marks
     * @param gateAddress where articles are handed over (the gate, or nntp.submit-to)
     * @param maxArticleBytes the largest article handed over (smtp.max-message-bytes: the gate refuses larger)
     * @param log takes each JSON line
     * @param events told each article's fate and each pass's troubles
     * @param stopping asked between articles: a pass ends early, its marks where they are, once it says true
     */
    public NewsGateway(NntpConfig config, Path db, InetSocketAddress gateAddress, String heloName, long maxArticleBytes,
                       Consumer<String> log, NewsEvents events, BooleanSupplier stopping) {
        this.config = config;
        this.gateAddress = gateAddress;
        this.heloName = heloName;
        this.maxArticleBytes = maxArticleBytes;
        this.marks = new GroupMarks(db.resolve(FOLDER));
        this.log = log;
        this.events = events;
        this.stopping = stopping;
    }

    /**
     * Where articles are handed over: {@code nntp.submit-to}, else the gate at {@code smtp.listen},
     * on loopback when it listens on every address, and on {@code boundPort} when it is running
     * (serve, whose listen port may be 0) rather than on the configured port (a cron job).
     */
    public static InetSocketAddress submitAddress(NntpConfig n, GateConfig smtp, OptionalInt boundPort) {
        InetSocketAddress a = HostPort.parse(n.submitAddress(smtp), n.submitTo().isPresent() ? "nntp.submit-to" : "smtp.listen");
        if (n.submitTo().isPresent()) return a;
        InetAddress host = a.getAddress() == null || a.getAddress().isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a.getAddress();
        return new InetSocketAddress(host, boundPort.orElse(a.getPort()));
    }

    /** A log line as the gate writes its own: {@code "event"} first, then {@code keysAndValues} in order, those with a null value left out. */
    static String line(String event, Object... keysAndValues) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", event);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) line.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return JSON.writeValueAsString(line);
    }

    /** The result of a pass: each group's, in the configuration's order; none when another pass held the lock. */
    public record Result(boolean ran, List<String> summaries, List<String> troubles) {}

    /**
     * A pass over every group, unless another (serve's, or a cron job's) is under way on this
     * store's marks: two at once would hand the same articles over twice.
     */
    public Result pass() throws IOException {
        Files.createDirectories(marks.dir());
        try (FileChannel lock = LockedFile.tryOpen(marks.dir().resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (lock == null) return new Result(false, List.of(), List.of());
            List<GroupPass> groups = new ArrayList<>();
            config.groups().forEach((g, list) -> groups.add(new GroupPass(g, list)));
            run(groups);
            List<String> troubles = groups.stream().filter(g -> g.trouble.isPresent()).map(g -> g.group + ": " + g.trouble.get()).toList();
            events.passEnded(troubles);
            return new Result(true, groups.stream().map(GroupPass::summary).toList(), troubles);
        }
    }

    private void run(List<GroupPass> groups) {
        InetSocketAddress server = HostPort.parse(config.server(), "nntp.server");
        Duration timeout = Duration.ofSeconds(config.timeoutSeconds());
        GateSubmission gate = null;
        int at = 0;
        try (NntpClient news = connect(server, timeout)) {
            if (config.user().isPresent()) news.authenticate(config.user().get(), config.password().orElse(""));
            for (; at < groups.size() && !stopping.getAsBoolean(); at++) {
                try {
                    gate = group(news, groups.get(at), gate, timeout);
                } catch (NntpRefusal e) {
                    // this group only (not on this server, not readable by us): the others go on
                    trouble(groups.get(at), e.getMessage());
                }
            }
        } catch (IOException e) {
            // the news server failed, or the gate decided nothing (down, 4xx): the rest waits for the next pass
            for (int i = at; i < groups.size(); i++) trouble(groups.get(i), e.getMessage());
        } finally {
            if (gate != null) gate.close();
        }
    }

    /** A reader's connection, over TLS when nntp.tls asks for it (from the first byte, or by STARTTLS after MODE READER). */
    private NntpClient connect(InetSocketAddress server, Duration timeout) throws IOException {
        SSLSocketFactory tls = config.tls().equals(NntpConfig.TLS_NONE) ? null : TlsClient.sockets(config.tlsCaFile().map(Path::of));
        NntpClient news = NntpClient.connect(server, timeout, config.tls().equals(NntpConfig.TLS_IMPLICIT) ? tls : null);
        try {
            news.modeReader();
            if (config.tls().equals(NntpConfig.TLS_STARTTLS)) news.startTls(tls);
            return news;
        } catch (IOException | RuntimeException e) {
            news.close();
            throw e;
        }
    }

    /** The group's new articles, handed over in order; the gate's connection, opened at the first that needed it. */
    private GateSubmission group(NntpClient news, GroupPass g, GateSubmission gate, Duration timeout) throws IOException {
        GroupRange range = news.group(g.group);
        Optional<GroupMarks.Mark> mark = marks.read(g.group).filter(m -> m.server().equals(news.server()));
        if (mark.isEmpty()) {
            long start = Math.max(range.high(), range.low() - 1);
            marks.write(g.group, new GroupMarks.Mark(news.server(), start));
            note(g, "first pass on " + news.server() + ": starting after article " + start + "; earlier articles are not gated");
            return gate;
        }
        long last = mark.get().number();
        if (range.high() < last) {
            marks.write(g.group, new GroupMarks.Mark(news.server(), range.high()));
            note(g, "the group's last article is " + range.high() + ", before the mark " + last
                    + ": the server renumbered it; starting after " + range.high());
            return gate;
        }
        long first = Math.max(last + 1, range.low());
        if (first > last + 1) {
            note(g, "articles " + (last + 1) + " to " + (first - 1) + " expired before the gateway read them");
        }
        for (long n = first; n <= range.high(); n++) {
            if (stopping.getAsBoolean()) return gate;
            Article a = news.article(n, maxArticleBytes);
            switch (a) {
                case Article.Missing m -> skipped(g); // cancelled or expired since GROUP: nothing to hand over
                case Article.TooLarge t -> {
                    skipped(g);
                    article(g, n, Optional.empty(), "", "not gated: " + t.bytes() + " bytes, more than smtp.max-message-bytes ("
                            + maxArticleBytes + ")");
                }
                case Article.Found f -> {
                    if (gate == null) gate = GateSubmission.connect(gateAddress, heloName, timeout);
                    handOver(g, f, gate);
                }
            }
            marks.write(g.group, new GroupMarks.Mark(news.server(), n));
        }
        return gate;
    }

    private void handOver(GroupPass g, Article.Found f, GateSubmission gate) throws GateSubmission.Deferred {
        ArticleHead head = ArticleHead.of(f.bytes());
        if (head.beenThrough(g.list)) {
            skipped(g);
            article(g, f.number(), head.messageId(), "", "not gated: it came from the list (X-BeenThere: " + g.list + ")");
            return;
        }
        String sender = head.authorAddress().or(config::sender).orElse("");
        GateSubmission.Outcome o = gate.submit(sender, g.list, f.bytes());
        switch (o.fate()) {
            case PASSED -> g.passed++;
            case HELD -> g.held++;
            case REFUSED -> g.refused++;
        }
        String fate = o.fate().name().toLowerCase(java.util.Locale.ROOT);
        events.article(fate);
        article(g, f.number(), head.messageId(), sender, fate + ": " + o.reply());
    }

    private void skipped(GroupPass g) {
        g.skipped++;
        events.article("skipped");
    }

    private void article(GroupPass g, long number, Optional<String> messageId, String sender, String outcome) {
        log.accept(line("article", "group", g.group, "number", number, "message_id", messageId.orElse(null), "from", sender,
                "rcpt", g.list, "outcome", outcome));
    }

    private void note(GroupPass g, String note) {
        g.notes.add(note);
        log.accept(line("news", "group", g.group, "note", note));
    }

    private void trouble(GroupPass g, String why) {
        g.trouble = Optional.of(why);
        log.accept(line("news-failed", "group", g.group, "error", why));
    }
}
