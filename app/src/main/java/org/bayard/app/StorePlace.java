package org.bayard.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.bayard.app.config.BayardConfig;
import org.bayard.core.store.TokenStore;
import org.bayard.core.token.Tokenizer;
import org.bayard.store.lmdb.LmdbTokenStore;
import org.bayard.store.redis.RedisSettings;
import org.bayard.store.redis.RedisTokenStore;

/**
 * Where the configuration puts the token store: the embedded LMDB store in the {@code db}
 * directory, or, with a {@code redis:} section, a Redis shared by many nodes (the {@code db}
 * directory then keeps only this node's own files). Every command opens the store through this,
 * so none needs to know which it is.
 */
public sealed interface StorePlace {

    static StorePlace of(BayardConfig config, Path db) {
        return config.redis().<StorePlace>map(Redis::new).orElseGet(() -> new Lmdb(db));
    }

    /** Opens the store to read and write it, making it when there is none. */
    TokenStore open(Consumer<String> waitingNote);

    /** Opens the store only to read it, changing nothing. */
    TokenStore openForReading();

    /** Whether something has made a store here (learned into it, or imported). */
    boolean holdsStore();

    /** Why this user could not write the store, in a few words; empty when it could. */
    Optional<String> whyNotWritable();

    /**
     * Reads all of the store that could be damaged before a command relies on it, and throws
     * saying where when it is; returns what it read, in words.
     */
    String checkWhole();

    /** The store in a few words, for messages: its directory, or its server and prefix. */
    String describe();

    /**
     * Refuses, with a UserException, a place that holds no store, for commands that only read one
     * or change what it holds: opening it would create an empty store there, and every message
     * would score 0.5 without a word.
     */
    void requireStore();

    /**
     * Before a command that reads the whole store, or serves mail from it: {@link #checkWhole}
     * where damage would crash the JVM midway (LMDB's native code meeting a bad page), nothing
     * where a damaged value is an error said at the read (Redis).
     */
    void guardAgainstCrashingDamage();

    /** The embedded default. */
    record Lmdb(Path db) implements StorePlace {
        @Override
        public TokenStore open(Consumer<String> waitingNote) {
            return LmdbTokenStore.open(db, Tokenizer.VERSION, waitingNote::accept);
        }

        @Override
        public TokenStore openForReading() {
            return LmdbTokenStore.openReadOnly(db, Tokenizer.VERSION);
        }

        @Override
        public boolean holdsStore() {
            return LmdbTokenStore.holdsStore(db);
        }

        @Override
        public Optional<String> whyNotWritable() {
            return LmdbTokenStore.whyNotWritable(db);
        }

        @Override
        public String checkWhole() {
            return LmdbTokenStore.check(db) + " pages read, none damaged";
        }

        @Override
        public String describe() {
            return "store at " + db;
        }

        @Override
        public void requireStore() {
            if (holdsStore()) return;
            if (Files.exists(db) && !Files.isDirectory(db)) return; // opening it says what is wrong with it
            // a directory we may not look into may well hold a store: opening it says it cannot be used
            if (Files.isDirectory(db) && !(Files.isReadable(db) && Files.isExecutable(db))) return;
            throw new UserException("no store at " + db + ": nothing has been learned there yet (check --db, $BAYARD_DB"
                    + " or the configuration's db; learn, train or db import creates the store)");
        }

        @Override
        public void guardAgainstCrashingDamage() {
            checkWhole();
        }
    }

    /** The shared store of many nodes. */
    record Redis(RedisSettings settings) implements StorePlace {
        @Override
        public TokenStore open(Consumer<String> waitingNote) {
            return RedisTokenStore.open(settings, Tokenizer.VERSION);
        }

        @Override
        public TokenStore openForReading() {
            return RedisTokenStore.openExisting(settings, Tokenizer.VERSION);
        }

        @Override
        public boolean holdsStore() {
            return RedisTokenStore.holdsStore(settings);
        }

        @Override
        public Optional<String> whyNotWritable() {
            return Optional.empty(); // Redis says no (a read-only replica, OOM) at the write, which fails saying so
        }

        /** Every token and ledger entry read and decoded: a value another program put under the keys is named. */
        @Override
        public String checkWhole() {
            try (TokenStore store = openForReading(); org.bayard.core.store.ReadView view = store.read()) {
                long[] counted = new long[2];
                view.forEachToken((token, counts) -> counted[0]++);
                view.forEachLedgerEntry(entry -> counted[1]++);
                view.totals(); // read for its values too: a garbled total is named
                return counted[0] + " tokens and " + counted[1] + " ledger entries read, none garbled";
            }
        }

        @Override
        public String describe() {
            return "store in " + settings.describe();
        }

        @Override
        public void requireStore() {
            if (holdsStore()) return;
            throw new UserException("no " + describe() + ": nothing has been learned there yet (check the configuration's"
                    + " redis section; learn, train or db import creates the store)");
        }

        @Override
        public void guardAgainstCrashingDamage() {
            // a damaged value is an error said at the read, never a crash
        }
    }
}
