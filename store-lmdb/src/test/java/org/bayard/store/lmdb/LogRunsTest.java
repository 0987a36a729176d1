package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bayard.core.store.Counts;
import org.junit.jupiter.api.Test;

class LogRunsTest {
    /** A log of three calls over tokens 1, 2, 3 and -5, sorted by home, with its runs taken. */
    private static AddLog loggedAndRun(LogRuns runs) {
        AddLog log = new AddLog(100);
        log.append(new long[] {1, 2, -5}, 0, 3, 1, 0);
        log.append(new long[] {3, 1}, 0, 2, 0, 2);
        log.append(new long[] {2, 3}, 0, 2, -1, -2);
        log.sortByHome();
        runs.addEveryRun(log);
        return log;
    }

    @Test
    void takesOneRunPerTokenInHomeOrder() {
        LogRuns runs = new LogRuns();
        loggedAndRun(runs);
        assertThat(runs.size()).isEqualTo(4);
        for (int run = 1; run < runs.size(); run++) {
            assertThat(Long.compareUnsigned(LinearProbing.homeOrder(runs.token(run - 1)), LinearProbing.homeOrder(runs.token(run))))
                    .isNegative();
        }
    }

    /** Token 2 is learned and unlearned, token 3 unlearned past 0 then learned: both end where they began. */
    @Test
    void keepsOnlyTheTokensWhoseCountsChangedWithTheirNewCounts() {
        LogRuns runs = new LogRuns();
        AddLog log = loggedAndRun(runs);
        for (int run = 0; run < runs.size(); run++) {
            long token = runs.token(run);
            runs.counts()[run] = token == 3 ? Counts.pack(0, 2) : Counts.pack(4, 4);
        }
        runs.keepChanged(log);

        List<String> kept = new ArrayList<>();
        runs.forEach((token, counts) -> kept.add(token + "=" + Counts.ham(counts) + "/" + Counts.spam(counts)));
        // 3: (0, 2) + (0, 2) + (-1, -2) = (0, 2) after clamping; 2: (4, 4) + (1, 0) + (-1, -2) = (4, 2).
        // In home order: the mix puts 2 (0x3c6e...) before 1 (0x9e37...) and -5 (0xe8ea...).
        assertThat(kept).containsExactly("2=4/2", "1=5/6", "-5=5/4");
        assertThat(runs.size()).isEqualTo(3);
    }

    /** Arrays grown past the log by holding many tokens are freed; those within it are kept for the next batch. */
    @Test
    void clearingWithinABoundFreesOnlyArraysLongerThanIt() {
        PendingCounts pending = new PendingCounts();
        for (long token = 1; token <= 100; token++) pending.insert(pending.find(token), token, token);
        LogRuns runs = new LogRuns();
        runs.holdAll(pending);
        runs.clearWithin(100);
        assertThat(runs.size()).isZero();
        assertThat(runs.tokens()).hasSize(100);
        runs.holdAll(pending);
        runs.clearWithin(50);
        assertThat(runs.size()).isZero();
        assertThat(runs.tokens()).isEmpty();
        runs.holdAll(pending);
        assertThat(runs.size()).isEqualTo(100);
    }

    @Test
    void holdsWhatPendingHeldInHomeOrder() {
        PendingCounts pending = new PendingCounts();
        List<Long> tokens = List.of(-1L, 7L, 0L, Long.MIN_VALUE, 3L);
        for (long token : tokens) pending.insert(pending.find(token), token, token + 10);
        LogRuns runs = new LogRuns();
        loggedAndRun(runs);
        runs.holdAll(pending);
        List<Long> walked = new ArrayList<>();
        runs.forEach((token, counts) -> {
            assertThat(counts).isEqualTo(token + 10);
            walked.add(token);
        });
        List<Long> expected = new ArrayList<>(tokens);
        expected.sort((a, b) -> Long.compareUnsigned(LinearProbing.homeOrder(a), LinearProbing.homeOrder(b)));
        assertThat(walked).isEqualTo(expected);
    }
}
