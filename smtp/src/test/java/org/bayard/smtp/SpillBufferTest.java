package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages being received share one heap budget: past it they spill, and closing gives back what they took. */
class SpillBufferTest {
    @TempDir Path spool;

    @Test
    void aMessageSpillsWhenTheOthersHaveTakenTheSharedMemory() throws Exception {
        MessageMemory memory = new MessageMemory(1 << 20);
        byte[] chunk = new byte[64 * 1024];
        try (SpillBuffer first = new SpillBuffer(1 << 20, spool, memory); SpillBuffer second = new SpillBuffer(1 << 20, spool, memory)) {
            for (int i = 0; i < 12; i++) first.write(chunk, 0, chunk.length); // 768 KB: within its own limit and the budget
            assertThat(first.spilled()).isFalse();
            for (int i = 0; i < 12; i++) second.write(chunk, 0, chunk.length);
            assertThat(second.spilled()).as("no room left in the shared budget").isTrue();
            assertThat(second.size()).isEqualTo(12L * chunk.length);
            assertThat(second.open().readAllBytes()).hasSize(12 * chunk.length);
            assertThat(memory.taken()).isPositive();
        }
        assertThat(memory.taken()).as("given back on close").isZero();
    }

    @Test
    void aScanWaitsForMemoryAndTakesMoreThanAllWhenAlone() throws Exception {
        MessageMemory memory = new MessageMemory(100);
        assertThat(memory.take(500, 0)).as("alone: taken whatever its size").isTrue();
        assertThat(memory.take(10, 50)).as("nothing left, not given back in time").isFalse();
        memory.give(500);
        assertThat(memory.take(60, 0)).isTrue();
        assertThat(memory.taken()).isEqualTo(60);
    }
}
