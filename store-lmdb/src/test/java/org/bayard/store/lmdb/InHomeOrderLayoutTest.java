package org.bayard.store.lmdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link CountsTable.InHomeOrder} claims to build the very table that a {@link CountsTable#put}
 * per token builds: the same slots, token by token, not only the same look-ups. Checked on the
 * inputs that leave its fast step: homes crowded together (probe runs of dozens), runs that
 * reach the last slot and wrap to the front, tables too small that grow midway, token 0 and
 * counts of 0 anywhere in the sequence; then the two tables taken through the same puts and
 * removals must stay alike.
 */
class InHomeOrderLayoutTest {

    @Test
    void buildsTheSlotsThatPutsBuild() throws ReflectiveOperationException {
        SplittableRandom random = new SplittableRandom(1818);
        for (int round = 0; round < 3_000; round++) {
            int tokens = random.nextInt(round % 10 == 0 ? 2_000 : 60);
            long[] homeOrders = new long[tokens];
            // crowded: homes drawn from a few top-bit values, often the table's last slots
            int topBits = 1 + random.nextInt(12);
            for (int i = 0; i < tokens; i++) {
                long top = switch (random.nextInt(4)) {
                    case 0 -> -1L; // the last slot of every table
                    case 1 -> random.nextLong(); // anywhere
                    default -> (long) random.nextInt(1 << topBits) << (64 - topBits);
                };
                homeOrders[i] = top & (-1L << (64 - topBits)) | random.nextLong() >>> topBits;
            }
            if (tokens > 0 && random.nextInt(4) == 0) homeOrders[random.nextInt(tokens)] = 0; // token 0
            long[] sorted = distinctInUnsignedOrder(homeOrders);
            long[] counts = new long[sorted.length];
            for (int i = 0; i < counts.length; i++) counts[i] = random.nextInt(6) == 0 ? 0 : random.nextLong(1, 1L << 40);
            // room for all, for fewer (the table grows midway), or for many more
            long room = switch (random.nextInt(3)) {
                case 0 -> sorted.length;
                case 1 -> random.nextInt(sorted.length / 2 + 1);
                default -> 2L * sorted.length;
            };
            CountsTable puts = new CountsTable(room);
            CountsTable filled = new CountsTable(room);
            CountsTable.InHomeOrder fill = filled.new InHomeOrder();
            for (int i = 0; i < sorted.length; i++) {
                puts.put(LinearProbing.tokenOf(sorted[i]), counts[i]);
                fill.add(sorted[i], counts[i]);
            }
            assertSame(filled, puts, "round " + round + ", built");
            // the same puts and removals on both: the probe runs of the built one must be unbroken
            for (int step = 0; step < 40 && sorted.length > 0; step++) {
                long token = random.nextBoolean() ? LinearProbing.tokenOf(sorted[random.nextInt(sorted.length)]) : random.nextLong();
                long c = random.nextBoolean() ? 0 : random.nextLong(1, 100);
                puts.put(token, c);
                filled.put(token, c);
            }
            assertSame(filled, puts, "round " + round + ", changed");
        }
    }

    private static long[] distinctInUnsignedOrder(long[] homeOrders) {
        long[] flipped = homeOrders.clone();
        for (int i = 0; i < flipped.length; i++) flipped[i] ^= Long.MIN_VALUE;
        long[] sorted = Arrays.stream(flipped).sorted().distinct().toArray();
        for (int i = 0; i < sorted.length; i++) sorted[i] ^= Long.MIN_VALUE;
        return sorted;
    }

    private static void assertSame(CountsTable actual, CountsTable expected, String what) throws ReflectiveOperationException {
        assertThat(actual.size()).as(what).isEqualTo(expected.size());
        assertThat(field(actual, "zeroCounts")).as(what).isEqualTo(field(expected, "zeroCounts"));
        assertThat((long[]) field(actual, "slots")).as(what).isEqualTo((long[]) field(expected, "slots"));
    }

    private static Object field(CountsTable table, String name) throws ReflectiveOperationException {
        Field f = CountsTable.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(table);
    }
}
