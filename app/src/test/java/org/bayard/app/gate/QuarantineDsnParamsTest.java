package org.bayard.app.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What of an item's kept DSN parameters a release may write into a command to the next hop. */
class QuarantineDsnParamsTest {

    @Test
    void wellFormedParametersAreKeptInOrder() {
        assertThat(HeldDelivery.dsnParams(List.of("NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;u+2Bx@example.test")))
                .containsExactly("NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;u+2Bx@example.test");
    }

    @Test
    void anythingThatCouldBreakTheCommandLineIsLeftOut() {
        // an edited or damaged metadata file must not smuggle a command or a space-split value
        assertThat(HeldDelivery.dsnParams(List.of("ORCPT=rfc822;a@x\r\nRSET", "RET=HDRS x", "=x", "ENVID=", 7, Map.of())))
                .isEmpty();
        assertThat(HeldDelivery.dsnParams("RET=HDRS")).isEmpty();
        assertThat(HeldDelivery.dsnParams(null)).isEmpty();
    }
}
