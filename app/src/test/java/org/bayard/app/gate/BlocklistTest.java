package org.bayard.app.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlocklistTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir Path db;

    /** The gate's next rejection added 3 hours and cut a block a postmaster had set for 48 to them. */
    @Test
    void addingAShorterBlockKeepsTheLongerOne() throws Exception {
        Blocklist blocklist = Blocklist.in(db, Clock.fixed(NOW, ZoneOffset.UTC));
        blocklist.add("192.0.2.7", "s@example.net", Duration.ofHours(48));
        Blocklist.Entry kept = blocklist.add("192.0.2.7", "s@example.net", Duration.ofHours(3));
        assertThat(kept.expires()).isEqualTo(NOW.plus(Duration.ofHours(48)));
        assertThat(blocklist.entries()).singleElement().extracting(Blocklist.Entry::expires).isEqualTo(NOW.plus(Duration.ofHours(48)));
    }

    @Test
    void addingALongerBlockExtendsIt() throws Exception {
        Blocklist blocklist = Blocklist.in(db, Clock.fixed(NOW, ZoneOffset.UTC));
        blocklist.add("192.0.2.7", "s@example.net", Duration.ofHours(3));
        Blocklist.Entry extended = blocklist.add("192.0.2.7", "s@example.net", Duration.ofHours(48));
        assertThat(extended.expires()).isEqualTo(NOW.plus(Duration.ofHours(48)));
        assertThat(blocklist.entries()).singleElement().extracting(Blocklist.Entry::expires).isEqualTo(NOW.plus(Duration.ofHours(48)));
    }
}
