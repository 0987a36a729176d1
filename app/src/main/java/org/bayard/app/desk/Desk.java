package org.bayard.app.desk;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bayard.app.Engine;
import org.bayard.app.config.HttpConfig;
import org.bayard.app.gate.GateService;
import org.bayard.http.HttpService;
import org.bayard.http.HttpSettings;
import org.bayard.http.Metrics;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.FilterResult;
import org.bayard.smtp.MessageFilter;
import org.bayard.smtp.RecipientDecision;
import org.bayard.smtp.Reply;
import org.bayard.smtp.SpooledMessage;

/** Wiring for the moderator's desk: the HTTP service over the engine and the gate's quarantine. */
public final class Desk {
    private Desk() {}

    public static HttpSettings settings(HttpConfig c, InetSocketAddress listen) {
        return new HttpSettings(listen, c.users(), c.maxBodyBytes(), 32 * 1024, c.maxConcurrent(), 10, Duration.ofMinutes(5),
                Duration.ofHours(8), Set.copyOf(c.trustedProxies()));
    }

    public static HttpService start(HttpSettings settings, Engine engine, GateService gate, Metrics metrics, Clock clock,
                                    PrintStream log) throws IOException {
        return HttpService.start(settings, new DeskBackend(engine, gate), metrics, clock, log);
    }

    /**
     * Applies a reloaded {@code http:} section to the running service: the users, their roles,
     * scopes and passwords at once (sessions of changed or removed users end). Returns the keys
     * that keep the values {@code started} gave them until a restart: where and how the service
     * listens, and the section's appearing or going.
     *
     * <p>{@code started} is the section the service started with, not the last one loaded: the
     * users are replaced at every reload, because the list running may be neither (a section
     * taken out and put back, or users changed and changed back, must still apply).
     */
    public static List<String> reload(HttpService web, Optional<HttpConfig> started, Optional<HttpConfig> next) {
        if (web == null || started.isEmpty() || next.isEmpty()) return started.equals(next) ? List.of() : List.of("http");
        HttpConfig o = started.get(), n = next.get();
        List<String> restart = new ArrayList<>();
        if (!o.listen().equals(n.listen())) restart.add("http.listen");
        if (o.maxBodyBytes() != n.maxBodyBytes()) restart.add("http.max-body-bytes");
        if (o.maxConcurrent() != n.maxConcurrent()) restart.add("http.max-concurrent");
        if (!o.trustedProxies().equals(n.trustedProxies())) restart.add("http.trusted-proxies");
        if (!o.historyFile().equals(n.historyFile())) restart.add("http.history-file");
        web.accounts(n.users()); // sessions of accounts still listed as they are stay
        return restart;
    }

    /**
     * Counts the gate's decisions (action, unsure verdicts, scan time) for /metrics and the
     * dashboard. Every call is passed on: without recipient(), MessageFilter's default relayed
     * every recipient, so `bayard serve` sent trap recipients to the next hop and refused a
     * blocklisted sender only after reading the message.
     */
    public static MessageFilter observed(MessageFilter inner, Metrics metrics) {
        return new MessageFilter() {
            @Override
            public RecipientDecision recipient(InetAddress client, String reversePath, String recipient) {
                return inner.recipient(client, reversePath, recipient);
            }

            @Override
            public FilterResult filter(Envelope env, SpooledMessage message) throws IOException {
                long t0 = System.nanoTime();
                FilterResult r = inner.filter(env, message);
                String note = switch (r) {
                    case FilterResult.Relay x -> x.note();
                    case FilterResult.Held x -> x.where();
                    case FilterResult.Consumed x -> x.note();
                    case FilterResult.Refuse x -> x.note();
                };
                metrics.message(action(note), note != null && note.contains("unsure"), System.nanoTime() - t0);
                countLearns(note, metrics);
                return r;
            }

            @Override
            public void finished(Envelope env, FilterResult result, Reply reply, long nanos) {
                inner.finished(env, result, reply, nanos);
            }
        };
    }

    private static final Pattern TRAP_LEARNED = Pattern.compile("trap (ham|spam): (\\d+) learned");
    private static final Pattern AUTOLEARNED = Pattern.compile(" autolearn=(ham|spam)\\b");

    /**
     * What the gate learned itself, by class and source, read from its decision note ("trap spam:
     * 1 learned", "... autolearn=ham"), as the API's and the moderators' learns are counted where
     * they are made. A trap counts the messages that changed the store (not those already known).
     */
    static void countLearns(String note, Metrics metrics) {
        if (note == null) return;
        Matcher trap = TRAP_LEARNED.matcher(note);
        if (trap.lookingAt()) {
            for (int i = Integer.parseInt(trap.group(2)); i > 0; i--) metrics.learned(trap.group(1), "trap");
        }
        Matcher auto = AUTOLEARNED.matcher(note);
        if (auto.find()) metrics.learned(auto.group(1), "autolearn");
    }

    /**
     * The action word a gate's decision note starts with ("accept 1.2 ...", "bypass (unfiltered)",
     * "unsure, delayed ..."). A trap's note comes first when real recipients got the message too
     * ("trap spam: 1 learned; reject 12.0 ..."): what was done for them is the message's action.
     */
    static String action(String note) {
        if (note == null) return "";
        String rest = note.startsWith("trap") && note.contains("; ") ? note.substring(note.indexOf("; ") + 2) : note;
        String word = rest.split(" ", 2)[0];
        return word.endsWith(":") || word.endsWith(",") ? word.substring(0, word.length() - 1) : word;
    }
}
