package org.bayard.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.bayard.core.store.MailClass;
import org.junit.jupiter.api.Test;

class InterleavingTest {

    private static String letters(int ham, int spam) {
        return Arrays.stream(Interleaving.order(ham, spam)).map(c -> c == MailClass.HAM ? "h" : "s")
                .collect(Collectors.joining());
    }

    @Test
    void equalPilesAlternateOneByOne() {
        assertThat(letters(3, 3)).isEqualTo("hshshs");
    }

    @Test
    void theLargerPileIsSpreadEvenlyThroughTheSmaller() {
        assertThat(letters(8, 2)).isEqualTo("hhshhhhshh");
        assertThat(letters(2, 8)).isEqualTo("sshsssshss");
        String many = letters(400, 100);
        assertThat(many).hasSize(500).doesNotContain("hhhhhh").doesNotContain("ss");
        assertThat(many.chars().filter(c -> c == 's').count()).isEqualTo(100);
    }

    @Test
    void anEmptyPileLeavesTheOtherInOrder() {
        assertThat(letters(0, 3)).isEqualTo("sss");
        assertThat(letters(2, 0)).isEqualTo("hh");
        assertThat(letters(0, 0)).isEmpty();
    }
}
