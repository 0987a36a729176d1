package org.bayard.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bayard.core.store.Counts;
import org.bayard.core.store.IncompatibleStoreException;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;
import org.bayard.core.store.TokenStore;
import org.bayard.core.store.TokenStoreContract;
import org.bayard.core.store.Totals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared contract against a real redis-server, plus what only a store shared by many nodes can get wrong. */
class RedisTokenStoreTest extends TokenStoreContract {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @TempDir
    static Path tmp;

    static RedisServer server;

    private String prefix;

    @BeforeAll
    static void startServer() throws Exception {
        server = RedisServer.start(tmp.resolve("redis"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) server.close();
    }

    @Override
    protected TokenStore openFresh(int tokenizerVersion) {
        prefix = "test" + PREFIXES.incrementAndGet();
        return RedisTokenStore.open(settings(), tokenizerVersion);
    }

    @Override
    protected boolean persistent() {
        return true;
    }

    @Override
    protected boolean keepsFiles() {
        return false;
    }

    @Override
    protected TokenStore reopen(int tokenizerVersion) {
        return RedisTokenStore.open(settings(), tokenizerVersion);
    }

    private RedisSettings settings() {
        return server.settings().withPrefix(prefix);
    }

    /** A second node: its own connections to the same server and prefix. */
    private RedisTokenStore otherNode() {
        return RedisTokenStore.open(settings(), VERSION);
    }

    @Test
    void whatOneNodeLearnsTheOtherScoresWithAtOnce() {
        try (RedisTokenStore b = otherNode()) {
            learn(store, 1, MailClass.SPAM, 10, 11);
            assertThat(lookup(b, 10, 11, 12)).containsExactly(Counts.pack(0, 1), Counts.pack(0, 1), 0L);
            unlearn(b, 1, MailClass.SPAM, 10, 11);
            assertThat(lookup(store, 10, 11)).containsExactly(0L, 0L);
            assertThat(store.stats().totals()).isEqualTo(Totals.EMPTY);
            assertThat(store.stats().ledgerEntries()).isZero();
        }
    }

    /**
     * Two nodes learning the same 40 messages at once, five times each: the ledger check in the
     * commit makes every message count once, however the writes interleave.
     */
    @Test
    void theSameMessagesLearnedByTwoNodesAtOnceCountOnce() throws Exception {
        int messages = 40;
        try (RedisTokenStore b = otherNode(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < messages; i++) {
                    long n = i;
                    TokenStore node = (i + round) % 2 == 0 ? store : b;
                    done.add(pool.submit(() -> learnOnce(node, n, MailClass.SPAM, 7, 1000 + n)));
                }
            }
            for (Future<?> f : done) f.get();
        }
        assertThat(lookup(store, 7)).containsExactly(Counts.pack(0, messages));
        assertThat(store.stats().totals()).isEqualTo(new Totals(0, messages));
        assertThat(store.stats().ledgerEntries()).isEqualTo(messages);
        assertThat(store.stats().tokens()).isEqualTo(messages + 1);
    }

    /** Learns as the learner does: nothing when the ledger has the message already. */
    private static void learnOnce(TokenStore node, long n, MailClass mailClass, long... tokens) {
        int ham = mailClass == MailClass.HAM ? 1 : 0;
        node.write(w -> {
            if (w.ledgerEntry(digest(n)).isPresent()) return null;
            w.addCounts(tokens, tokens.length, ham, 1 - ham);
            w.addTotals(ham, 1 - ham);
            w.putLedgerEntry(entry(n, mailClass));
            return null;
        });
    }

    /**
     * Random writes of several count changes each, tokens repeated within a write with deltas of
     * either sign (the changes a write sends are merged per token where the clamp at zero allows):
     * after every write the store holds what the in-memory store, applying each change in turn, holds.
     */
    @Test
    void randomWritesLeaveWhatApplyingEveryChangeInTurnLeaves() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(20261125);
        try (org.bayard.core.store.InMemoryTokenStore model = new org.bayard.core.store.InMemoryTokenStore(VERSION)) {
            for (int step = 0; step < 150; step++) {
                List<long[]> changes = new ArrayList<>();
                for (int n = 1 + random.nextInt(6); n > 0; n--) {
                    long[] tokens = random.longs(1 + random.nextInt(8), 0, 25).distinct().toArray();
                    changes.add(new long[] {random.nextInt(-4, 5), random.nextInt(-4, 5)});
                    changes.add(tokens);
                }
                org.bayard.core.store.TokenStore.WriteAction<Void> write = w -> {
                    for (int k = 0; k < changes.size(); k += 2) {
                        long[] tokens = changes.get(k + 1);
                        w.addCounts(tokens, tokens.length, (int) changes.get(k)[0], (int) changes.get(k)[1]);
                    }
                    return null;
                };
                store.write(write);
                model.write(write);
                try (ReadView ours = store.read(); ReadView theirs = model.read()) {
                    assertThat(tokensOf(ours)).as("step %d", step).isEqualTo(tokensOf(theirs));
                }
            }
        }
    }

    @Test
    void aWriteOfTwoThousandMessagesOfThreeHundredTokensIsOneCommit() {
        int messages = 2_000;
        store.write(w -> {
            long[] tokens = new long[300];
            for (int m = 0; m < messages; m++) {
                for (int i = 0; i < tokens.length; i++) tokens[i] = (long) (m % 50) * 1_000 + i;
                w.addCounts(tokens, tokens.length, 1, 0);
                w.addTotals(1, 0);
                w.putLedgerEntry(entry(m, MailClass.HAM));
            }
            return null;
        });
        assertThat(store.stats().tokens()).isEqualTo(50 * 300);
        assertThat(store.stats().ledgerEntries()).isEqualTo(messages);
        assertThat(lookup(store, 0, 49_299)).containsExactly(Counts.pack(40, 0), Counts.pack(40, 0));
    }

    @Test
    void aKilledServerIsUnavailableNamedAndTheStoreWorksAgainOnceItIsBack() throws Exception {
        try (RedisServer own = RedisServer.start(tmp.resolve("killed"), true);
             RedisTokenStore node = RedisTokenStore.open(own.settings(), VERSION)) {
            learn(node, 1, MailClass.HAM, 1, 2);
            Thread.sleep(1_500); // appendfsync everysec: what is older than a second is on disk
            own.kill();

            assertThatThrownBy(() -> lookup(node, 1))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("redis 127.0.0.1:" + own.port())
                    .hasMessageContaining("unavailable");
            assertThatThrownBy(() -> learn(node, 2, MailClass.SPAM, 3)).isInstanceOf(UncheckedIOException.class);

            own.launch();
            assertThat(lookup(node, 1, 2, 3)).containsExactly(Counts.pack(1, 0), Counts.pack(1, 0), 0L);
            learn(node, 2, MailClass.SPAM, 3);
            assertThat(node.stats().totals()).isEqualTo(new Totals(1, 1));
        }
    }

    @Test
    void aFrozenServerIsUnavailableWithinTheTimeoutAndAnswersAgainWhenThawed() throws Exception {
        try (RedisServer own = RedisServer.start(tmp.resolve("frozen"));
             RedisTokenStore node = RedisTokenStore.open(
                     new RedisSettings("127.0.0.1", own.port(), Optional.empty(), 0, "f", Duration.ofMillis(300)), VERSION)) {
            learn(node, 1, MailClass.HAM, 1);
            own.freeze();
            long start = System.nanoTime();
            assertThatThrownBy(() -> lookup(node, 1)).isInstanceOf(UncheckedIOException.class).hasMessageContaining("no answer within 300 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            own.thaw();
            assertThat(lookup(node, 1)).containsExactly(Counts.pack(1, 0));
        }
    }

    /**
     * RELIABILITY F8: Redis killed (SIGKILL) while two nodes learn, and started again from its
     * append-only file. Whatever was lost (at most the last second), no learn is half there: the
     * totals agree with the ledger, and the token every message has counts each message once.
     */
    @Test
    void aServerKilledWhileTwoNodesLearnLeavesNoHalfAppliedLearn() throws Exception {
        try (RedisServer own = RedisServer.start(tmp.resolve("killed-mid-learn"), true);
             RedisTokenStore a = RedisTokenStore.open(own.settings(), VERSION);
             RedisTokenStore b = RedisTokenStore.open(own.settings(), VERSION);
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            AtomicInteger next = new AtomicInteger();
            List<Future<Integer>> learners = new ArrayList<>();
            for (RedisTokenStore node : List.of(a, b)) {
                learners.add(pool.submit(() -> {
                    int learned = 0;
                    try {
                        for (;;) {
                            int n = next.incrementAndGet();
                            long[] tokens = new long[200];
                            for (int i = 0; i < tokens.length; i++) tokens[i] = 1 + (long) n * 1_000 + i;
                            tokens[0] = 1; // in every message
                            learn(node, n, n % 3 == 0 ? MailClass.SPAM : MailClass.HAM, tokens);
                            learned++;
                        }
                    } catch (UncheckedIOException e) {
                        return learned; // the server is gone
                    }
                }));
            }
            Thread.sleep(700);
            own.kill();
            int learned = learners.get(0).get() + learners.get(1).get();
            assertThat(learned).as("learned before the kill").isGreaterThan(20);

            own.launch();
            long ham = 0;
            long spam = 0;
            try (ReadView r = a.read()) {
                List<org.bayard.core.store.LedgerEntry> entries = new ArrayList<>();
                r.forEachLedgerEntry(entries::add);
                for (org.bayard.core.store.LedgerEntry e : entries) {
                    if (e.mailClass() == MailClass.HAM) ham++;
                    else spam++;
                }
                assertThat(r.totals()).as("totals agree with the ledger").isEqualTo(new Totals(ham, spam));
                assertThat(lookup(r, 1)).as("the shared token counts each message once").isEqualTo(Counts.pack((int) ham, (int) spam));
            }
            // a node's learn under way at the kill may have been applied though its answer was lost: one per node
            assertThat(ham + spam).as("kept after the restart").isPositive().isLessThanOrEqualTo(learned + 2);
            assertThat(a.stats().tokens()).isEqualTo(1 + (ham + spam) * 199);
        }
    }

    /** RELIABILITY F8: Redis at its maxmemory refuses the write, saying so, and changes nothing; reads go on. */
    @Test
    void aServerOutOfMemoryRefusesTheWriteAndStillAnswersReads() {
        learn(store, 1, MailClass.HAM, 1, 2);
        server.call("CONFIG", "SET", "maxmemory", "1");
        try {
            assertThatThrownBy(() -> learn(store, 2, MailClass.SPAM, 2, 3))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("refused the write").hasMessageContaining("OOM");
            assertThat(lookup(store, 1, 2, 3)).containsExactly(Counts.pack(1, 0), Counts.pack(1, 0), 0L);
        } finally {
            server.call("CONFIG", "SET", "maxmemory", "0");
        }
        learn(store, 2, MailClass.SPAM, 2, 3);
        assertThat(store.stats().totals()).isEqualTo(new Totals(1, 1));
    }

    /**
     * A Redis Cluster of three masters: whichever node the settings name, the store's keys (one
     * hash tag, so one slot) are on one of them, and the store follows that node's MOVED there.
     */
    @Test
    void inARedisClusterEveryNodeLeadsToTheOneHoldingTheStore() throws Exception {
        List<RedisServer> cluster = RedisServer.startCluster(tmp.resolve("cluster"), 3);
        try {
            List<RedisTokenStore> nodes = new ArrayList<>();
            for (RedisServer n : cluster) nodes.add(RedisTokenStore.open(n.settings().withPrefix("clustered"), VERSION));
            try {
                learn(nodes.get(0), 1, MailClass.SPAM, 1, 2);
                learn(nodes.get(1), 2, MailClass.HAM, 2, 3);
                unlearn(nodes.get(2), 1, MailClass.SPAM, 1, 2);
                for (RedisTokenStore node : nodes) {
                    assertThat(lookup(node, 1, 2, 3)).containsExactly(0L, Counts.pack(1, 0), Counts.pack(1, 0));
                    assertThat(node.stats().totals()).isEqualTo(new Totals(1, 0));
                    assertThat(node.stats().ledgerEntries()).isEqualTo(1);
                }
                assertThat(cluster.stream().map(n -> n.call("DBSIZE")).sorted().toList()).as("keys on each node")
                        .containsExactly(0L, 0L, 4L);
            } finally {
                nodes.forEach(RedisTokenStore::close);
            }
        } finally {
            cluster.forEach(RedisServer::close);
        }
    }

    /**
     * A Redis Cluster with a replica for each master: the master holding the store is killed and
     * the cluster promotes its replica. Two stores, neither reopened, are unavailable meanwhile,
     * then reach the new master, read what they had learned and learn on: one given another node,
     * which it asks again and whose MOVED leads there (before, it kept asking the dead master until
     * restarted); one given the killed master itself, which asks the other nodes the cluster named
     * at its first connection (before, it waited for the dead one to come back).
     */
    @Test
    void inARedisClusterTheStoreFollowsItsSlotToAPromotedReplica() throws Exception {
        List<RedisServer> cluster = RedisServer.startCluster(tmp.resolve("failover"), 3, 1);
        try {
            RedisServer master;
            try (RedisTokenStore first = RedisTokenStore.open(cluster.get(0).settings().withPrefix("promoted"), VERSION)) {
                learn(first, 1, MailClass.SPAM, 1, 2);
                master = holder(cluster);
            }
            RedisServer seed = cluster.stream().filter(n -> n != master && n.info("replication").contains("role:master"))
                    .findFirst().orElseThrow();
            try (RedisTokenStore viaAnother = RedisTokenStore.open(seed.settings().withPrefix("promoted"), VERSION);
                 RedisTokenStore viaTheLost = RedisTokenStore.open(master.settings().withPrefix("promoted"), VERSION)) {
                learn(viaAnother, 2, MailClass.HAM, 2, 3);
                assertThat(lookup(viaTheLost, 2)).containsExactly(Counts.pack(1, 1));
                master.awaitReplicasCopied(Duration.ofSeconds(30)); // after its first full copy
                master.kill();
                assertThat(readsOnceTheReplicaIsPromoted(viaAnother)).as("reads refused while the cluster had no master for the slot")
                        .isPositive();
                readsOnceTheReplicaIsPromoted(viaTheLost);
                learn(viaTheLost, 3, MailClass.SPAM, 3, 4);
                assertThat(lookup(viaAnother, 3, 4)).containsExactly(Counts.pack(1, 1), Counts.pack(0, 1));
                assertThat(viaAnother.stats().totals()).isEqualTo(new Totals(1, 2));
            }
        } finally {
            cluster.forEach(RedisServer::close);
        }
    }

    /** Reads the store until it answers with what {@link #inARedisClusterTheStoreFollowsItsSlotToAPromotedReplica} learned; how often it was unavailable first. */
    private static int readsOnceTheReplicaIsPromoted(RedisTokenStore store) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int unavailable = 0;
        while (true) {
            try {
                assertThat(lookup(store, 1, 2, 3)).containsExactly(Counts.pack(0, 1), Counts.pack(1, 1), Counts.pack(1, 0));
                return unavailable;
            } catch (UncheckedIOException e) {
                assertThat(e).hasMessageContaining("is unavailable");
                unavailable++;
                if (System.nanoTime() > end) throw new AssertionError("the store never reached the promoted replica", e);
                Thread.sleep(200);
            }
        }
    }

    /**
     * A Redis Cluster moving the store's slot to another node, key by key as {@code redis-cli
     * --cluster reshard} does: while the keys are split between the two nodes, a read asks the new
     * node for the keys it has already (ASK), a learn (one script over three keys, answered TRYAGAIN
     * while they are split) waits until they are together again, and a scan that began on the old
     * node starts over on the new one; once every node says the slot is the new node's, MOVED leads
     * there for good. Before, the first ASK failed the read.
     */
    @Test
    void aStoreWhoseSlotMovesToAnotherClusterNodeIsReadAndLearnedThroughout() throws Exception {
        List<RedisServer> cluster = RedisServer.startCluster(tmp.resolve("resharded"), 3);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (RedisTokenStore store = RedisTokenStore.open(patient(cluster.get(0), "moving"), VERSION)) {
            learn(store, 1, MailClass.SPAM, 1, 2);
            learn(store, 2, MailClass.HAM, 2, 3);
            long[] many = java.util.stream.LongStream.rangeClosed(100, 2_599).toArray(); // three pages of HSCAN
            learn(store, 3, MailClass.HAM, many);
            RedisServer source = holder(cluster);
            RedisServer target = cluster.get(cluster.indexOf(source) == 0 ? 1 : 0);
            String slot = String.valueOf(source.call("CLUSTER", "KEYSLOT", "{moving}:tokens"));
            String sourceId = id(source);
            String targetId = id(target);
            target.call("CLUSTER", "SETSLOT", slot, "IMPORTING", sourceId);
            source.call("CLUSTER", "SETSLOT", slot, "MIGRATING", targetId);

            // a scan of the tokens that begins on the source, whose key moves after its first page
            java.util.Set<Long> scanned = new java.util.HashSet<>();
            int[] visits = {0};
            try (ReadView view = store.read()) {
                view.forEachToken((token, counts) -> {
                    if (visits[0]++ == 0) migrate(source, target, "{moving}:tokens");
                    assertThat(scanned.add(token)).as("token %d visited once", token).isTrue();
                });
            }
            assertThat(scanned).hasSize(3 + many.length);

            // the tokens are on the target now, the totals and the ledger still on the source
            assertThat(lookup(store, 1, 2, 3, 100)).containsExactly(Counts.pack(0, 1), Counts.pack(1, 1), Counts.pack(1, 0), Counts.pack(1, 0));
            assertThat(store.stats().totals()).isEqualTo(new Totals(2, 1));
            assertThat(store.stats().tokens()).isEqualTo(3 + many.length);
            assertThat(store.stats().ledgerEntries()).isEqualTo(3);
            // a learn's script finds its keys split, and waits for them to be together
            Future<?> learning = background.submit(() -> learn(store, 4, MailClass.SPAM, 3, 4));
            Thread.sleep(300);
            assertThat(learning).as("a learn while its keys are split").isNotDone();
            for (String key : List.of("{moving}:totals", "{moving}:ledger", "{moving}:meta")) migrate(source, target, key);
            learning.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(lookup(store, 3, 4)).containsExactly(Counts.pack(1, 1), Counts.pack(0, 1));
            assertThat(store.stats().totals()).isEqualTo(new Totals(2, 2));
            assertThat(store.stats().ledgerEntries()).isEqualTo(4);
            assertThat(source.call("DBSIZE")).isEqualTo(0L);

            // the move ends, as redis-cli ends it: the target, the source, then the others
            target.call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
            source.call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
            for (RedisServer n : cluster) if (n != source && n != target) n.call("CLUSTER", "SETSLOT", slot, "NODE", targetId);
            unlearn(store, 4, MailClass.SPAM, 3, 4);
            assertThat(lookup(store, 1, 2, 3, 4)).containsExactly(Counts.pack(0, 1), Counts.pack(1, 1), Counts.pack(1, 0), 0L);
            assertThat(target.call("DBSIZE")).isEqualTo(4L);
        } finally {
            background.shutdownNow();
            cluster.forEach(RedisServer::close);
        }
    }

    /**
     * {@code redis-cli --cluster reshard} moving every slot of the store's node, the store's among
     * them, to another node while this node learns and scores without a pause: no read or learn
     * fails, and every learn is counted once.
     */
    @Test
    void aReshardByRedisCliUnderLoadFailsNoReadOrLearn() throws Exception {
        List<RedisServer> cluster = RedisServer.startCluster(tmp.resolve("reshard"), 3);
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (RedisTokenStore store = RedisTokenStore.open(patient(cluster.get(0), "busy"), VERSION)) {
            learn(store, 1, MailClass.SPAM, 1, 2);
            RedisServer source = holder(cluster);
            RedisServer target = cluster.get(cluster.indexOf(source) == 0 ? 1 : 0);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            AtomicInteger learned = new AtomicInteger();
            Future<?> load = background.submit(() -> {
                for (long n = 10; !stop.get(); n++) {
                    learn(store, n, MailClass.HAM, 7, 1_000 + n);
                    learned.incrementAndGet();
                    assertThat(lookup(store, 1, 7)).containsExactly(Counts.pack(0, 1), Counts.pack(learned.get(), 0));
                }
                return null;
            });
            Process reshard = new ProcessBuilder("redis-cli", "--cluster", "reshard", "127.0.0.1:" + source.port(),
                    "--cluster-from", id(source), "--cluster-to", id(target), "--cluster-slots", String.valueOf(slotsOf(source)),
                    "--cluster-yes").redirectErrorStream(true).redirectOutput(tmp.resolve("reshard.out").toFile()).start();
            assertThat(reshard.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).as("redis-cli reshard ended").isTrue();
            assertThat(reshard.exitValue()).as(java.nio.file.Files.readString(tmp.resolve("reshard.out"))).isZero();
            int before = learned.get();
            while (learned.get() < before + 3 && !load.isDone()) Thread.sleep(10); // and a few learns after the move
            stop.set(true);
            load.get(30, java.util.concurrent.TimeUnit.SECONDS); // a failed read or learn fails the test here
            assertThat(source.call("DBSIZE")).isEqualTo(0L);
            assertThat(target.call("DBSIZE")).isEqualTo(4L);
            assertThat(store.stats().totals()).isEqualTo(new Totals(learned.get(), 1));
            assertThat(lookup(store, 7)).containsExactly(Counts.pack(learned.get(), 0));
        } finally {
            background.shutdownNow();
            cluster.forEach(RedisServer::close);
        }
    }

    /**
     * The settings of a store under {@code prefix} through {@code node}, waiting 10 s rather than 2:
     * well past a test's pauses while a learn's keys are split by a move (TRYAGAIN is asked again for
     * up to the timeout), and past a busy machine's hiccups.
     */
    private static RedisSettings patient(RedisServer node, String prefix) {
        return new RedisSettings("127.0.0.1", node.port(), Optional.empty(), 0, prefix, Duration.ofSeconds(10));
    }

    /** The master that holds the store (its four keys). */
    private static RedisServer holder(List<RedisServer> cluster) {
        return cluster.stream().filter(n -> (Long) n.call("DBSIZE") == 4 && n.info("replication").contains("role:master"))
                .findFirst().orElseThrow();
    }

    private static String id(RedisServer node) {
        return new String((byte[]) node.call("CLUSTER", "MYID"), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** How many slots {@code node} serves, from its own line of CLUSTER NODES ("... connected 0-5460"). */
    private static int slotsOf(RedisServer node) {
        String nodes = new String((byte[]) node.call("CLUSTER", "NODES"), java.nio.charset.StandardCharsets.US_ASCII);
        String mine = nodes.lines().filter(l -> l.contains("myself")).findFirst().orElseThrow();
        int slots = 0;
        for (String word : mine.substring(mine.indexOf(" connected") + 10).trim().split(" ")) {
            if (!word.matches("\\d+(-\\d+)?")) continue; // not a slot being imported or migrated, in brackets
            String[] range = word.split("-");
            slots += range.length == 1 ? 1 : Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        }
        return slots;
    }

    /** Moves {@code key} from {@code source} to {@code target} (MIGRATE), as a resharding does key by key. */
    private static void migrate(RedisServer source, RedisServer target, String key) {
        assertThat(source.call("MIGRATE", "127.0.0.1", String.valueOf(target.port()), key, "0", "5000")).isEqualTo("OK");
    }

    @Test
    void aStoreOpenedOnlyToReadMustExistAndIsNotCreated() {
        RedisSettings none = server.settings().withPrefix("nothing-here");
        assertThat(RedisTokenStore.holdsStore(none)).isFalse();
        assertThatThrownBy(() -> RedisTokenStore.openExisting(none, VERSION))
                .isInstanceOf(IncompatibleStoreException.class).hasMessageContaining("holds no Bayard store");
        assertThat(RedisTokenStore.holdsStore(none)).isFalse();
        assertThat(RedisTokenStore.holdsStore(settings())).isTrue();
        try (RedisTokenStore again = RedisTokenStore.openExisting(settings(), VERSION)) {
            assertThat(again.tokenizerVersion()).isEqualTo(VERSION);
        }
    }

    @Test
    void anUnreachableServerIsSaidWithItsAddress() throws Exception {
        int port = org.bayard.net.testing.FreePorts.next();
        assertThatThrownBy(() -> RedisTokenStore.open(RedisSettings.local(port), VERSION))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("redis 127.0.0.1:" + port + " prefix bayard is unavailable: ");
    }

    /** A Redis that speaks TLS only: through the site's CA the store works as over TCP; with the JVM's CAs it is unavailable, saying why. */
    @Test
    void overTlsWithTheSitesCaAndNotWithoutIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (RedisServer secure = RedisServer.startTls(dir.resolve("tls"))) {
            try (RedisTokenStore a = RedisTokenStore.open(secure.settings(), VERSION);
                 RedisTokenStore b = RedisTokenStore.open(secure.settings(), VERSION)) {
                learn(a, 1, MailClass.SPAM, 10, 11);
                assertThat(lookup(b, 10, 11, 12)).containsExactly(Counts.pack(0, 1), Counts.pack(0, 1), 0L);
                assertThat(b.stats().ledgerEntries()).isEqualTo(1);
            }
            RedisSettings jvmCas = secure.settings().withTls(new RedisSettings.Tls(true, java.util.Optional.empty()));
            assertThatThrownBy(() -> RedisTokenStore.open(jvmCas, VERSION)).isInstanceOf(UncheckedIOException.class)
                    .hasMessage("redis (TLS) 127.0.0.1:" + secure.port() + " prefix bayard is unavailable: TLS with Redis at 127.0.0.1:"
                            + secure.port() + " failed: its certificate is not signed by a CA this node trusts (tls-ca-file names the one"
                            + " that signs it)");
            assertThatThrownBy(() -> RedisTokenStore.open(secure.settings().withTls(RedisSettings.Tls.OFF), VERSION))
                    .as("plain TCP to a TLS port").isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("redis 127.0.0.1:" + secure.port() + " prefix bayard is unavailable: ");
        }
    }

    /**
     * A Redis that asks each client for a certificate (tls-auth-clients yes, Redis' default with
     * TLS): the store shows the one in tls-cert-file and works; without one, or with one Redis does
     * not trust, it is unavailable, saying which; a key that is not the certificate's is said too.
     */
    @Test
    void aRedisAskingForClientCertificatesGetsTheOneInTlsCertFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        org.bayard.net.testing.TestCertificates.Pair node = org.bayard.net.testing.TestCertificates.rsa(dir, "node");
        org.bayard.net.testing.TestCertificates.Pair stranger = org.bayard.net.testing.TestCertificates.ec(dir, "stranger");
        try (RedisServer secure = RedisServer.startTlsAskingClients(dir.resolve("tls"), node)) {
            try (RedisTokenStore store = RedisTokenStore.open(secure.settings(), VERSION)) {
                learn(store, 1, MailClass.SPAM, 10, 11);
                assertThat(lookup(store, 10, 12)).containsExactly(Counts.pack(0, 1), 0L);
            }
            Optional<String> ca = secure.settings().tls().caFile();
            String unavailable = "redis (TLS) 127.0.0.1:" + secure.port() + " prefix bayard is unavailable: ";
            RedisSettings none = secure.settings().withTls(new RedisSettings.Tls(true, ca));
            assertThatThrownBy(() -> RedisTokenStore.open(none, VERSION)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith(unavailable + "it ended the TLS connection at once: does it ask for a client certificate"
                            + " (tls-auth-clients yes, Redis' default)? Set tls-cert-file and tls-key-file (");
            RedisSettings untrusted = secure.settings().withTls(new RedisSettings.Tls(true, ca, Optional.of(stranger.certificate().toString()),
                    Optional.of(stranger.key().toString())));
            assertThatThrownBy(() -> RedisTokenStore.open(untrusted, VERSION)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith(unavailable + "it ended the TLS connection at once: does it trust the client certificate in"
                            + " tls-cert-file (the CA that signs it in Redis' tls-ca-cert-file)? (");
            RedisSettings mismatched = secure.settings().withTls(new RedisSettings.Tls(true, ca, Optional.of(node.certificate().toString()),
                    Optional.of(stranger.key().toString())));
            assertThatThrownBy(() -> RedisTokenStore.open(mismatched, VERSION)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("TLS to Redis cannot be set up: " + stranger.key() + " holds");
        }
    }

    /**
     * Redis Sentinel: the store asks the sentinels where the master is (the first named is down, the
     * next answers); once the master is killed, reads and writes are unavailable until the sentinel
     * has promoted the replica, and then the same store, without a restart, reads what it had
     * learned there and learns on.
     */
    @Test
    void withSentinelsTheStoreFollowsTheMasterThroughAFailover(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (RedisServer master = RedisServer.start(dir.resolve("master"));
             RedisServer replica = RedisServer.startReplica(dir.resolve("replica"), master);
             RedisServer sentinel = RedisServer.startSentinel(dir.resolve("sentinel"), "bayard-master", master);
             RedisTokenStore node = RedisTokenStore.open(sentinels(sentinel, "bayard-master"), VERSION)) {
            assertThat(node.toString()).isEqualTo("redis master bayard-master (sentinels 127.0.0.1:" + DOWN_SENTINEL + ", 127.0.0.1:"
                    + sentinel.port() + ") prefix bayard");
            learn(node, 1, MailClass.SPAM, 1, 2);
            learn(node, 2, MailClass.HAM, 2, 3);
            master.awaitReplicasCopied(Duration.ofSeconds(10));
            master.kill();

            assertThatThrownBy(() -> lookup(node, 1)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("redis master bayard-master (sentinels ")
                    .hasMessageContaining("is unavailable");
            awaitAvailable(node, java.time.Duration.ofSeconds(60));
            assertThat(lookup(node, 1, 2, 3)).as(() -> "what the new master has; the servers' logs:\n--- sentinel\n" + sentinel.log()
                    + "\n--- replica\n" + replica.log() + "\n--- master\n" + master.log())
                    .containsExactly(Counts.pack(0, 1), Counts.pack(1, 1), Counts.pack(1, 0));
            learn(node, 3, MailClass.SPAM, 4);
            assertThat(node.stats().totals()).isEqualTo(new Totals(1, 2));
            assertThat(replica.info("replication")).contains("role:master");
        }
    }

    /**
     * A failover asked of the sentinel while the master runs (SENTINEL FAILOVER, as for maintenance):
     * the old master is demoted to a replica, and the store's next write goes to the new master at
     * once, whether its connection to the old one was cut or answered READONLY.
     */
    @Test
    void withSentinelsAWriteAfterAPlannedFailoverGoesToTheNewMaster(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (RedisServer master = RedisServer.start(dir.resolve("master"));
             RedisServer replica = RedisServer.startReplica(dir.resolve("replica"), master);
             RedisServer sentinel = RedisServer.startSentinel(dir.resolve("sentinel"), "planned", master);
             RedisTokenStore node = RedisTokenStore.open(sentinels(sentinel, "planned"), VERSION)) {
            learn(node, 1, MailClass.SPAM, 1, 2);
            master.awaitReplicasCopied(Duration.ofSeconds(10));
            startFailover(sentinel, "planned");
            long end = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (!(replica.info("replication").contains("role:master") && master.info("replication").contains("role:slave"))) {
                assertThat(System.nanoTime()).as("the failover is done within a minute").isLessThan(end);
                Thread.sleep(100);
            }
            learn(node, 2, MailClass.HAM, 2, 3);
            assertThat(lookup(node, 1, 2, 3)).containsExactly(Counts.pack(0, 1), Counts.pack(1, 1), Counts.pack(1, 0));
            assertThat(replica.call("HGET", "{bayard}:totals", "ham")).as("the new master has the write")
                    .isEqualTo("1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /**
     * A master turned replica behind the sentinels' back (REPLICAOF by hand, which cuts no client):
     * the store's open connection meets READONLY at its next write, and instead of writing there
     * again and again it asks the sentinels, which still name the old master: the write is
     * unavailable with that said, never half done.
     */
    @Test
    void withSentinelsAReadOnlyMasterIsNotWrittenToAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (RedisServer master = RedisServer.start(dir.resolve("master"));
             RedisServer other = RedisServer.start(dir.resolve("other"));
             RedisServer sentinel = RedisServer.startSentinel(dir.resolve("sentinel"), "demoted", master);
             RedisTokenStore node = RedisTokenStore.open(sentinels(sentinel, "demoted"), VERSION)) {
            learn(node, 1, MailClass.SPAM, 1, 2);
            assertThat(master.call("REPLICAOF", "127.0.0.1", Integer.toString(other.port()))).isEqualTo("OK");
            assertThatThrownBy(() -> learn(node, 2, MailClass.HAM, 2, 3)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("(the master at 127.0.0.1:" + master.port() + ") is unavailable: the sentinels name it, but it is"
                            + " not a master now");
            assertThat(master.call("REPLICAOF", "NO", "ONE")).isEqualTo("OK");
            learn(node, 2, MailClass.HAM, 2, 3);
            assertThat(node.stats().totals()).isEqualTo(new Totals(1, 1));
        }
    }

    /** Sentinels that are all down, or know no master of that name, are said, each with why. */
    @Test
    void sentinelsThatNameNoMasterAreSaid(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (RedisServer master = RedisServer.start(dir.resolve("master"));
             RedisServer sentinel = RedisServer.startSentinel(dir.resolve("sentinel"), "known", master)) {
            assertThatThrownBy(() -> RedisTokenStore.open(sentinels(sentinel, "unknown"), VERSION)).isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("redis master unknown (sentinels 127.0.0.1:" + DOWN_SENTINEL + ", 127.0.0.1:" + sentinel.port()
                            + ") prefix bayard is unavailable: no sentinel named the master: 127.0.0.1:" + DOWN_SENTINEL + " (")
                    .hasMessageEndingWith("; 127.0.0.1:" + sentinel.port() + " knows no master named unknown");
        }
    }

    /** A port no sentinel listens on, named first in {@link #sentinels}. */
    private static final int DOWN_SENTINEL = freePort();

    private static int freePort() {
        try {
            return org.bayard.net.testing.FreePorts.next();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings naming the master {@code name} through a sentinel that is down, then {@code sentinel}. */
    private static RedisSettings sentinels(RedisServer sentinel, String name) {
        return RedisSettings.local(1).withSentinels(new RedisSettings.Sentinels(List.of(
                java.net.InetSocketAddress.createUnresolved("127.0.0.1", DOWN_SENTINEL),
                java.net.InetSocketAddress.createUnresolved("127.0.0.1", sentinel.port())), name, java.util.Optional.empty()));
    }

    private static void awaitAvailable(TokenStore node, java.time.Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                lookup(node, 1);
                return;
            } catch (UncheckedIOException e) {
                if (System.nanoTime() > end) throw new AssertionError("still unavailable after " + limit, e);
                Thread.sleep(200);
            }
        }
    }

    /**
     * SENTINEL FAILOVER, once the sentinel takes it: it fails over only to a replica it has found
     * (through the master's INFO, every 10 s at first) and heard from since (NOGOODSLAVE until then).
     */
    private static void startFailover(RedisServer sentinel, String name) throws InterruptedException {
        long end = System.nanoTime() + java.time.Duration.ofSeconds(40).toNanos();
        while (true) {
            try {
                assertThat(sentinel.call("SENTINEL", "FAILOVER", name)).isEqualTo("OK");
                return;
            } catch (RedisError e) {
                assertThat(e.getMessage()).startsWith("NOGOODSLAVE");
                assertThat(System.nanoTime()).as("the sentinel has a replica to promote within 40 s").isLessThan(end);
                Thread.sleep(200);
            }
        }
    }

    /** A value another program left under the store's keys stops the write before it changes anything. */
    @Test
    void aGarbledValueIsSaidAndAWriteThatMeetsItChangesNothing() {
        learn(store, 1, MailClass.HAM, 1, 2);
        server.call("HSET", "{" + prefix + "}:tokens", "garbled!", "xyz");

        assertThatThrownBy(() -> store.write(w -> {
            w.addCounts(new long[] {1, 2}, 2, 1, 0);
            w.addCounts(new long[] {0x6761_7262_6c65_6421L}, 1, 1, 0); // "garbled!"
            w.addTotals(1, 0);
            w.putLedgerEntry(entry(2, MailClass.HAM));
            return null;
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("refused the write").hasMessageContaining("not 8 bytes");
        assertThat(lookup(store, 1, 2)).containsExactly(Counts.pack(1, 0), Counts.pack(1, 0));
        assertThat(store.stats().totals()).isEqualTo(new Totals(1, 0));
        assertThat(store.stats().ledgerEntries()).isEqualTo(1);
        try (ReadView r = store.read()) {
            assertThatThrownBy(() -> r.forEachToken((t, c) -> {})).isInstanceOf(UncheckedIOException.class)
                    .hasMessage("the Redis store holds a value Bayard did not write: a token's value has 3 bytes, not 8");
        }
    }

    @Test
    void ledgerValuesAreWordsAPersonCanRead() {
        learn(store, 5, MailClass.SPAM, 1);
        Object value = server.call("HGET", "{" + prefix + "}:ledger", digest(5).toBytes());
        assertThat(new String((byte[]) value, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("spam manual 1700000005 0 <5@test>");
    }
}
