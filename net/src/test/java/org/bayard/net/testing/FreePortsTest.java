package org.bayard.net.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ports tests name for other processes, handed out in two JVMs at once: the suite's two forks,
 * or two checkouts' suites on one machine, whose Postfix and servers must not meet on one port.
 */
class FreePortsTest {

    @Test
    void anotherJvmDoesNotHandOutThePortsThisOneHas() throws Exception {
        int[] mine = {FreePorts.next(), FreePorts.next(), FreePorts.next()};
        int highest = Arrays.stream(mine).max().orElseThrow();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // nothing listens on these ports: only their locks keep the other JVM, which starts from the first port of the span, off them
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OtherJvm.class.getName(), String.valueOf(highest))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(other.getInputStream().readAllBytes(), UTF_8);
        assertThat(other.waitFor()).as("the other JVM's exit").isZero();
        List<Integer> theirs = out.lines().map(Integer::valueOf).toList();
        assertThat(theirs).as("the other JVM's ports").isNotEmpty().doesNotHaveDuplicates().doesNotContainAnyElementsOf(Arrays.stream(mine).boxed().toList());
        assertThat(theirs.getLast()).isGreaterThan(highest);
    }

    /** Another test JVM: hands out ports until one past {@code args[0]}, printing each. */
    static final class OtherJvm {
        public static void main(String[] args) throws Exception {
            int port;
            do {
                port = FreePorts.next();
                System.out.println(port);
            } while (port <= Integer.parseInt(args[0]));
        }
    }
}
