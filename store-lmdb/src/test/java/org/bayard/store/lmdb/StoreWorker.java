package org.bayard.store.lmdb;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.bayard.core.store.MailClass;
import org.bayard.core.store.ReadView;

/**
 * The other process in the multi-process tests (a main class, not a test). Usage:
 *
 * <pre>
 *   learn DIR VERSION FIRST COUNT EXPECT   check that EXPECT messages are already there (not
 *                                          when EXPECT is -1), learn messages FIRST.., one write
 *                                          each, print "learned", exit
 *   churn DIR VERSION SEED                 learn and unlearn random messages until killed;
 *                                          print "ready" after 50 writes
 *   open DIR VERSION                       open and close the store, twice; print "opened", or
 *                                          "failed" with the exception's class and message
 *   read DIR VERSION                       open the store only to read it; print "read" and the
 *                                          messages it holds, or "failed" as open does
 *   prune DIR VERSION N                    remove the tokens counted at most N times, as bayard
 *                                          db prune does; print "pruned" and how many
 *   hold-read DIR VERSION                  open the store only to read it, begin a read view,
 *                                          print "reading" and keep it until killed
 * </pre>
 */
public final class StoreWorker {
    private StoreWorker() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[1]);
        int version = Integer.parseInt(args[2]);
        if (args[0].equals("open")) {
            open(dir, version);
            return;
        }
        if (args[0].equals("hold-read")) {
            try (LmdbTokenStore store = LmdbTokenStore.openReadOnly(dir, version); ReadView view = store.read()) {
                System.out.println("reading " + view.totals().messages());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        if (args[0].equals("read")) {
            try (LmdbTokenStore store = LmdbTokenStore.openReadOnly(dir, version); ReadView view = store.read()) {
                System.out.println("read " + view.totals().messages());
            } catch (RuntimeException e) {
                System.out.println("failed " + e.getClass().getName() + ": " + e.getMessage());
            }
            return;
        }
        try (LmdbTokenStore store = LmdbTokenStore.open(dir, version)) {
            switch (args[0]) {
                case "learn" -> learn(store, Long.parseLong(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]));
                case "churn" -> churn(store, Long.parseLong(args[3]));
                case "prune" -> System.out.println("pruned " + org.bayard.core.store.TokenPruner.prune(store, Integer.parseInt(args[3])).removed());
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        }
    }

    /** Twice: a JVM that failed to load lmdbjava's library fails differently the second time. */
    private static void open(Path dir, int version) {
        for (int attempt = 0; attempt < 2; attempt++) {
            try (LmdbTokenStore store = LmdbTokenStore.open(dir, version)) {
                System.out.println("opened");
            } catch (RuntimeException e) {
                System.out.println("failed " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    private static void learn(LmdbTokenStore store, long first, int count, long expect) {
        try (ReadView view = store.read()) {
            long seen = view.totals().messages();
            if (expect >= 0 && seen != expect) {
                System.err.println("expected " + expect + " messages from the other process, saw " + seen);
                System.exit(3);
            }
        }
        for (long n = first; n < first + count; n++) {
            long id = n;
            store.write(w -> Messages.learn(w, id, id % 3 == 0 ? MailClass.HAM : MailClass.SPAM));
        }
        System.out.println("learned");
    }

    private static void churn(LmdbTokenStore store, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Long> learned = new ArrayList<>();
        for (long step = 0; ; step++) {
            if (learned.isEmpty() || random.nextInt(4) != 0) {
                long n = seed * 1_000_000 + step;
                MailClass mailClass = random.nextBoolean() ? MailClass.HAM : MailClass.SPAM;
                store.write(w -> Messages.learn(w, n, mailClass));
                learned.add(n);
            } else {
                long n = learned.remove(random.nextInt(learned.size()));
                store.write(w -> Messages.unlearn(w, n));
            }
            if (step == 50) {
                System.out.println("ready");
                System.out.flush();
            }
        }
    }
}
