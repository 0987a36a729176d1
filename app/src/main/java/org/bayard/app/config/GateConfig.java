package org.bayard.app.config;

import java.util.List;
import java.util.Optional;

/**
 * The {@code smtp:} section: how {@code bayard serve} listens and where it relays.
 *
 * @param listen address:port we accept mail on
 * @param nextHop address:port of the after-filter MTA
 * @param quarantine spool directory; empty means next to the store ({@code DB-quarantine})
 * @param bypassFile recipients (addresses, domains) whose mail passes unfiltered; re-read when it changes
 * @param spamTraps recipients whose mail is learned as spam and not relayed
 * @param hamTraps recipients whose mail is learned as ham and not relayed
 * @param blocklistHours how long (client, sender) is refused at RCPT after a rejection; 0: never
 * @param harvest save a copy of every filtered message by disposition
 * @param harvestDir where; empty means next to the store ({@code DB-harvest})
 * @param harvestFlagFile harvest also while this file exists
 * @param unsureDelaySeconds 0: off; else an unsure message gets 451 until the same client retries
 *     it at least this long after first sight, and is then held
 * @param minFreeMb MAIL gets 452 4.3.1 while the quarantine's or the store's filesystem has less
 *     free space than this many MiB; 0: never
 * @param mode {@code before-queue} (Postfix's smtpd_proxy_filter, or in front of any MTA: refusals
 *     reach the sending client) or {@code after-queue} (Postfix's content_filter: the mail is
 *     taken already, so no content verdict may be a 5xx, which Postfix would bounce to the sender)
 * @param afterQueueSpam what after-queue mode does with mail the policy would reject: {@code hold}
 *     it in the quarantine or {@code discard} it, both answered 250
 * @param stopTimeoutSeconds the most serve's stop takes; each of its waits is a share of it (see {@link StopTimeout})
 * @param tls STARTTLS for the gate's clients, and TLS to its next hop
 */
public record GateConfig(String listen, String nextHop, String hostname, int maxLineLength, long maxMessageBytes,
                         int maxRecipients, int maxConnections, int maxConnectionsPerClient, int commandTimeoutSeconds,
                         int nextHopTimeoutSeconds, int memoryPerMessage, List<String> relayNetworks,
                         List<String> relayDomains, Optional<String> quarantine, Optional<String> bypassFile,
                         List<String> spamTraps, List<String> hamTraps, double blocklistHours, boolean harvest,
                         Optional<String> harvestDir, Optional<String> harvestFlagFile, int unsureDelaySeconds,
                         int scanTimeoutMillis, int minFreeMb, String mode, String afterQueueSpam, int stopTimeoutSeconds,
                         GateTls tls) {

    public static final String BEFORE_QUEUE = "before-queue";
    public static final String AFTER_QUEUE = "after-queue";
    public static final String SPAM_HOLD = "hold";
    public static final String SPAM_DISCARD = "discard";

    /**
     * 100 MiB: ten messages of the default max-message-bytes (10 MiB), each of which may be on disk
     * twice at once (spilled to the quarantine's tmp while read, then copied into the spool if
     * held), with room left for the store to grow by a learn; small against any disk a mail
     * server runs on, so it only bites when the disk is all but full.
     */
    public static final int DEFAULT_MIN_FREE_MB = 100;

    public static final GateConfig DEFAULTS = new GateConfig("127.0.0.1:10025", "127.0.0.1:10026", "localhost", 2048,
            10_485_760, 1000, 500, 50, 300, 60, 1_048_576, List.of("127.0.0.0/8", "::1/128"), List.of(), Optional.empty(),
            Optional.empty(), List.of(), List.of(), 3.0, false, Optional.empty(), Optional.empty(), 0, 10_000, DEFAULT_MIN_FREE_MB,
            BEFORE_QUEUE, SPAM_HOLD, StopTimeout.DEFAULT_SECONDS, GateTls.OFF);

    public GateConfig {
        relayNetworks = List.copyOf(relayNetworks);
        relayDomains = List.copyOf(relayDomains);
        spamTraps = spamTraps.stream().map(GateConfig::trapAddress).toList();
        hamTraps = hamTraps.stream().map(GateConfig::trapAddress).toList();
        for (String t : spamTraps) {
            if (hamTraps.contains(t)) throw new IllegalArgumentException("smtp: " + t + " is both a spam trap and a ham trap");
        }
        // the blocklist keeps no entry longer than it can date: past that, every rejection failed to list its sender
        if (blocklistHours != 0 && !org.bayard.app.gate.Blocklist.validHours(blocklistHours)) {
            throw new IllegalArgumentException("smtp.blocklist-hours must be 0 (never) or over 0 and at most "
                    + org.bayard.app.gate.Blocklist.LONGEST_HOURS + ", got " + blocklistHours);
        }
        // it is our greeting and the EHLO we send: a space or a line break in it would break both
        if (!hostname.matches("[A-Za-z0-9._-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]")) {
            throw new IllegalArgumentException("smtp.hostname must be a host name (letters, digits, '.', '-') or an"
                    + " address literal such as [192.0.2.1], got '" + hostname + "'");
        }
        new StopTimeout(stopTimeoutSeconds); // refuses one out of range
        if (minFreeMb < 0) throw new IllegalArgumentException("smtp.min-free-mb must be at least 0, got " + minFreeMb);
        if (scanTimeoutMillis < 1) throw new IllegalArgumentException("smtp.scan-timeout-ms must be >= 1, got " + scanTimeoutMillis);
        if (unsureDelaySeconds < 0) throw new IllegalArgumentException("smtp.unsure-delay-seconds must be >= 0, got " + unsureDelaySeconds);
        if (unsureDelaySeconds > org.bayard.app.gate.UnsureDelay.MAX_DELAY_SECONDS) {
            throw new IllegalArgumentException("smtp.unsure-delay-seconds must be at most " + org.bayard.app.gate.UnsureDelay.MAX_DELAY_SECONDS
                    + ", got " + unsureDelaySeconds + " (a first attempt is remembered for a day: no retry could come in time)");
        }
        if (!mode.equals(BEFORE_QUEUE) && !mode.equals(AFTER_QUEUE)) {
            throw new IllegalArgumentException("smtp.mode must be before-queue or after-queue, got '" + mode + "'");
        }
        if (!afterQueueSpam.equals(SPAM_HOLD) && !afterQueueSpam.equals(SPAM_DISCARD)) {
            throw new IllegalArgumentException("smtp.after-queue-spam must be hold or discard, got '" + afterQueueSpam + "'");
        }
        if (mode.equals(AFTER_QUEUE) && unsureDelaySeconds > 0) {
            throw new IllegalArgumentException("smtp.unsure-delay-seconds cannot be used with smtp.mode after-queue: Postfix has"
                    + " already taken the mail, so a 451 only makes it retry from its own queue; set it to 0");
        }
        java.util.Objects.requireNonNull(tls, "tls");
        if (mode.equals(BEFORE_QUEUE) && afterQueueSpam.equals(SPAM_DISCARD)) {
            throw new IllegalArgumentException("smtp.after-queue-spam: discard applies only with smtp.mode after-queue"
                    + " (before the queue, spam is refused with 550 and the sending client keeps it)");
        }
    }

    /**
     * A trap address as the gate compares it with RCPT's path: lower case, without the spaces or
     * angle brackets a postmaster may copy in with it ("<trap@example.org>" never matched).
     */
    private static String trapAddress(String written) {
        String a = written.strip();
        if (a.length() > 1 && a.startsWith("<") && a.endsWith(">")) a = a.substring(1, a.length() - 1).strip();
        return a.toLowerCase(java.util.Locale.ROOT);
    }

    /** What the gate does with spam in this mode, for serve's start and reload lines. */
    public String modeNote() {
        if (!afterQueue()) return "before the queue (smtp.mode before-queue): spam rejected with 550";
        return "after the queue (smtp.mode after-queue): spam " + (afterQueueSpam.equals(SPAM_DISCARD) ? "discarded" : "held")
                + ", never rejected";
    }

    /** After the queue (Postfix's content_filter): no content verdict is answered 5xx, no blocklist, no unsure delay. */
    public boolean afterQueue() {
        return mode.equals(AFTER_QUEUE);
    }

    /** This section as {@code serve}'s or {@code quarantine}'s command-line options override it. */
    public GateConfig withCommandLine(String listen, String nextHop, Optional<String> quarantine) {
        return new GateConfig(listen, nextHop, hostname, maxLineLength, maxMessageBytes, maxRecipients, maxConnections,
                maxConnectionsPerClient, commandTimeoutSeconds, nextHopTimeoutSeconds, memoryPerMessage, relayNetworks,
                relayDomains, quarantine, bypassFile, spamTraps, hamTraps, blocklistHours, harvest, harvestDir, harvestFlagFile,
                unsureDelaySeconds, scanTimeoutMillis, minFreeMb, mode, afterQueueSpam, stopTimeoutSeconds, tls);
    }

    /** How long serve's stop takes at most, and each of its waits. */
    public StopTimeout stopTimeout() {
        return new StopTimeout(stopTimeoutSeconds);
    }
}
