package org.bayard.app.desk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.time.Clock;
import org.bayard.http.Metrics;
import org.bayard.smtp.Envelope;
import org.bayard.smtp.FilterResult;
import org.bayard.smtp.MessageFilter;
import org.bayard.smtp.Reply;
import org.bayard.smtp.RecipientDecision;
import org.bayard.smtp.SpooledMessage;
import org.junit.jupiter.api.Test;

/**
 * `bayard serve` wraps the gate in Desk.observed for /metrics. The wrapper left recipient() to
 * MessageFilter's default, which relays every recipient: a trap recipient went to the next hop
 * (and its mail was scored instead of learned), and a blocklisted sender was refused only after
 * DATA, not at RCPT as the README says.
 */
class ObservedFilterTest {
    private static final Reply BLOCKED = Reply.of(550, "5.7.1 blocked");

    @Test
    void recipientDecisionsOfTheGateReachTheSession() throws Exception {
        MessageFilter gate = new MessageFilter() {
            @Override
            public RecipientDecision recipient(InetAddress client, String reversePath, String recipient) {
                if (recipient.startsWith("trap@")) return RecipientDecision.LOCAL;
                if (reversePath.startsWith("spammer@")) return RecipientDecision.refuse(BLOCKED);
                return RecipientDecision.RELAY;
            }

            @Override
            public FilterResult filter(Envelope envelope, SpooledMessage message) {
                throw new AssertionError("not called");
            }
        };
        MessageFilter observed = Desk.observed(gate, new Metrics(Clock.systemUTC()));
        InetAddress client = InetAddress.getLoopbackAddress();
        assertThat(observed.recipient(client, "a@example.org", "trap@example.org")).isSameAs(RecipientDecision.LOCAL);
        assertThat(observed.recipient(client, "spammer@example.net", "u@example.org").reply()).isEqualTo(BLOCKED);
        assertThat(observed.recipient(client, "a@example.org", "u@example.org")).isSameAs(RecipientDecision.RELAY);
    }

    /** Any call MessageFilter may gain later must be passed on too, not left to its default. */
    @Test
    void theWrapperOverridesEveryMethodOfTheInterface() throws Exception {
        Class<?> wrapper = Desk.observed(new MessageFilter() {
            @Override
            public FilterResult filter(Envelope envelope, SpooledMessage message) {
                return null;
            }
        }, new Metrics(Clock.systemUTC())).getClass();
        for (Method m : MessageFilter.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) continue;
            assertThat(wrapper.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass()).as(m.getName()).isEqualTo(wrapper);
        }
    }
}
