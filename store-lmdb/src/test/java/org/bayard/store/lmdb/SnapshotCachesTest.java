package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotCachesTest {
    private final SnapshotCaches caches = new SnapshotCaches();

    @Test
    void lendsAtMostMaxCachesAtOnceAndReusesReturnedOnes() {
        List<SnapshotCache> lent = new ArrayList<>();
        for (int i = 0; i < SnapshotCaches.MAX; i++) lent.add(caches.borrow());
        assertThat(lent).doesNotContainNull().doesNotHaveDuplicates();
        assertThat(caches.borrow()).as("all lent: the view reads LMDB directly").isNull();
        caches.giveBack(lent.get(0));
        assertThat(caches.borrow()).isSameAs(lent.get(0));
    }
}
