package org.bayard.store.redis;

import static org.bayard.store.redis.RespConnection.bytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code commit.lua}, run by its SHA-1 (EVALSHA) and sent whole only when the server does not
 * know it yet (a new or restarted Redis answers NOSCRIPT).
 */
final class CommitScript {
    /**
     * How long a commit may take to answer: a train batch of 2,000 messages is one script of
     * hundreds of thousands of increments, far past the timeout of a lookup.
     */
    static final int ANSWER_MILLIS = 120_000;

    private final byte[] source;
    private final byte[] sha;

    CommitScript() {
        try (InputStream in = CommitScript.class.getResourceAsStream("commit.lua")) {
            if (in == null) throw new IllegalStateException("commit.lua is missing from the classpath");
            source = in.readAllBytes();
            sha = bytes(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the script over the store's keys; true when it applied the journal, false when a checked entry had changed. */
    boolean run(RedisCalls calls, RedisKeys keys, WriteJournal journal) {
        List<byte[]> args = journal.scriptArguments();
        Object reply = call(calls, "EVALSHA", sha, keys, args);
        if (reply instanceof RedisError e && e.kind().equals("NOSCRIPT")) reply = call(calls, "EVAL", source, keys, args);
        return Long.valueOf(1).equals(RespConnection.check(reply));
    }

    private static Object call(RedisCalls calls, String command, byte[] script, RedisKeys keys, List<byte[]> args) {
        List<byte[]> all = new ArrayList<>(5 + args.size());
        all.addAll(List.of(bytes(command), script, bytes("3"), keys.tokens(), keys.totals(), keys.ledger()));
        all.addAll(args);
        return calls.exchange(List.<byte[][]>of(all.toArray(byte[][]::new)), ANSWER_MILLIS).values()[0];
    }
}
