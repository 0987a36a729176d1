package org.bayard.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnofferedBdatTest {

    @Test
    void aChunkSizeIsDigitsWithLastOrNothingAfterThem() {
        assertThat(UnofferedBdat.chunkSize("100")).hasValue(100);
        assertThat(UnofferedBdat.chunkSize("0 LAST")).hasValue(0);
        assertThat(UnofferedBdat.chunkSize("42  last")).hasValue(42);
        assertThat(UnofferedBdat.chunkSize("999999999999999999")).hasValue(999_999_999_999_999_999L);
    }

    @Test
    void anythingElseIsNoSize() {
        for (String bad : new String[] {"", "LAST", "-1", "+5", "1e3", "0x10", "10 LAST more", "10 FIRST", "1000000000000000000"}) {
            assertThat(UnofferedBdat.chunkSize(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void skippingDropsExactlyTheChunkAndSaysWhenTheClientLeftFirst() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream("0123456789NEXT".getBytes(StandardCharsets.US_ASCII));
        assertThat(UnofferedBdat.skip(in, 10)).isTrue();
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("NEXT");
        assertThat(UnofferedBdat.skip(new ByteArrayInputStream(new byte[9_000]), 9_001)).isFalse();
        assertThat(UnofferedBdat.skip(new ByteArrayInputStream(new byte[0]), 0)).isTrue();
    }
}
