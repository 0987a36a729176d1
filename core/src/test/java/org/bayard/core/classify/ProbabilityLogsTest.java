package org.bayard.core.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProbabilityLogsTest {

    /** Far more probabilities than slots, revisited at random: every answer is the fresh call's double. */
    @Test
    void answersAreBitIdenticalToCallingTheLogs() {
        SplittableRandom random = new SplittableRandom(3);
        double[] probs = new double[5_000];
        for (int i = 0; i < probs.length; i++) {
            probs[i] = switch (i % 3) {
                case 0 -> random.nextDouble();
                case 1 -> random.nextInt(1, 1000) * 1e-18;
                default -> 1 - random.nextInt(1, 100) * 0x1p-53;
            };
        }
        ProbabilityLogs logs = new ProbabilityLogs();
        for (int k = 0; k < 50_000; k++) {
            double p = probs[random.nextInt(k < 1000 ? 20 : probs.length)];
            int slot = logs.slot(p);
            assertThat(Double.doubleToRawLongBits(logs.lnP(slot))).as("ln %s", p)
                    .isEqualTo(Double.doubleToRawLongBits(Math.log(p)));
            assertThat(Double.doubleToRawLongBits(logs.lnQ(slot))).as("log1p(-%s)", p)
                    .isEqualTo(Double.doubleToRawLongBits(Math.log1p(-p)));
        }
    }
}
