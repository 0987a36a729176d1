package org.bayard.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A door's stop: the work in hand gets the drain time, and what is still open after it is cut. */
class OpenLinksTest {
    private static final ListenAddress.Tcp ANY_PORT = new ListenAddress.Tcp(new InetSocketAddress("127.0.0.1", 0));

    @Test
    void aStopWaitsForTheWorkInHandThenClosesWhatIsStillOpen() throws Exception {
        try (Listener listener = Listener.open(ANY_PORT, 8);
             Socket client = connect(listener)) {
            OpenLinks open = holdingTheNext(listener);
            AtomicBoolean settled = new AtomicBoolean();
            Thread.ofVirtual().start(() -> {
                sleep(300);
                settled.set(true);
            });
            long began = System.nanoTime();
            open.closeAfter(Duration.ofSeconds(30), settled::get);
            long tookMillis = (System.nanoTime() - began) / 1_000_000;
            assertThat(settled).isTrue();
            assertThat(tookMillis).as("returned once the work was done, not at the drain time").isLessThan(20_000);
            client.setSoTimeout(10_000);
            assertThat(client.getInputStream().read()).as("the client sees the close").isEqualTo(-1);
        }
    }

    @Test
    void aClientThatNeverSettlesIsCutAtTheDrainTime() throws Exception {
        try (Listener listener = Listener.open(ANY_PORT, 8);
             Socket client = connect(listener)) {
            OpenLinks open = holdingTheNext(listener);
            assertThat(open.size()).isEqualTo(1);
            long began = System.nanoTime();
            open.closeAfter(Duration.ofMillis(200), () -> false);
            assertThat((System.nanoTime() - began) / 1_000_000).as("waited the drain time").isGreaterThanOrEqualTo(200);
            client.setSoTimeout(10_000);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aLinkClosedOnItsOwnIsForgotten() throws Exception {
        try (Listener listener = Listener.open(ANY_PORT, 8);
             Socket client = connect(listener)) {
            OpenLinks open = new OpenLinks();
            Link link = listener.accept();
            open.add(link);
            open.close(link);
            assertThat(open.isEmpty()).isTrue();
            client.setSoTimeout(10_000);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    /** OpenLinks holding the next connection {@code listener} accepts. */
    private static OpenLinks holdingTheNext(Listener listener) throws Exception {
        OpenLinks open = new OpenLinks();
        open.add(listener.accept());
        return open;
    }

    private static Socket connect(Listener listener) throws Exception {
        return new Socket("127.0.0.1", ((ListenAddress.Tcp) listener.bound()).address().getPort());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
