package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BdatCommandTest {

    @Test
    void aChunkSizeIsDigitsWithLastOrNothingAfterThem() {
        assertThat(BdatCommand.parse("100")).contains(new BdatCommand(100, false));
        assertThat(BdatCommand.parse("0 LAST")).contains(new BdatCommand(0, true));
        assertThat(BdatCommand.parse("42  last")).contains(new BdatCommand(42, true));
        assertThat(BdatCommand.parse("999999999999999999")).contains(new BdatCommand(999_999_999_999_999_999L, false));
    }

    @Test
    void anythingElseIsNoCommand() {
        for (String bad : new String[] {"", "LAST", "-1", "+5", "1e3", "0x10", "10 LAST more", "10 FIRST", "1000000000000000000", "10LAST"}) {
            assertThat(BdatCommand.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void skippingDropsExactlyTheChunkAndSaysWhenTheClientLeftFirst() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream("0123456789NEXT".getBytes(StandardCharsets.US_ASCII));
        assertThat(BdatCommand.skip(in, 10)).isTrue();
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("NEXT");
        assertThat(BdatCommand.skip(new ByteArrayInputStream(new byte[9_000]), 9_001)).isFalse();
        assertThat(BdatCommand.skip(new ByteArrayInputStream(new byte[0]), 0)).isTrue();
    }
}
