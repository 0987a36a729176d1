package org.bayard.app.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * What serve's stop waits for past its HTTP drain: a release that has sent its message's end,
 * until it is over. After the next hop's answer a release still marks its item released and
 * removes its files; a stop that stopped waiting at the answer interrupted that, and the item
 * the next hop had taken stayed held, unnamed by the stop's last line (ServeStopTest failed so on
 * a busy machine: "1 HTTP request cut off when the drain ran out").
 */
class ReleasesUnderWayTest {
    @Test
    void aReleasePastItsMessagesEndIsWaitedForUntilItIsOverNotOnlyUntilTheAnswer() {
        ReleasesUnderWay releases = new ReleasesUnderWay();
        ReleasesUnderWay.Release release = releases.begin("QID.1", "127.0.0.1:10026");
        assertThat(releases.anyPastTheMessagesEnd()).as("still sending the message: nothing of it delivered if cut off").isFalse();
        releases.endSent("QID.1");
        assertThat(releases.anyPastTheMessagesEnd()).as("the end sent, the answer awaited").isTrue();
        releases.delivered("QID.1");
        assertThat(releases.anyPastTheMessagesEnd()).as("taken by the next hop, its item not yet marked released and removed").isTrue();
        release.close();
        assertThat(releases.anyPastTheMessagesEnd()).as("over").isFalse();
    }
}
