package org.bayard.core.token;

import org.bayard.core.mail.MailLimits;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stages' shortcuts for a set that keeps no names (hashes handed over directly, a host met
 * again skipping its parents or an address its networks, links and hosts read before skipped)
 * must leave the set exactly as the plain path does, where every feature goes through
 * {@link FeatureSink#accept} one by one. Whole random messages, built to meet the shortcuts
 * often: hosts named again and again across Received, address, Message-ID headers and links,
 * names of more than eight labels, addresses and names that are parents of each other, and sets
 * whose cap is reached anywhere in the message.
 */
class HashesOnlyPathTest {

    private static final String[] HOSTS = {
            "example.com", "mx.example.com", "a.mx.example.com", "MX.Example.COM.", "b.example.com", "example.org",
            "b.c.d.e.f.g.h.i.example.org", "a.b.c.d.e.f.g.h.i.example.org", "c.d.e.f.g.h.i.example.org",
            "h.i.example.org", "i.example.org", "localhost", "mail", "example.co.uk", "www.example.co.uk",
            "relay-1.isp.example.net", "isp.example.net", "x_y.example.net", "com", "mx.example.com.",
            "10.1.2.3", "10.1.2.4", "10.1.9.3", "192.168.1.1", "10.1.2", "1.2.3.4.5", "caf\u00e9.example.fr",
            "\u00c4.example.de", "xn--caf-dma.example"};

    @Test
    void randomMessagesGetTheSameSetEitherWay() {
        SplittableRandom random = new SplittableRandom(18);
        Tokenizer tokenizer = new Tokenizer(MailLimits.DEFAULT);
        for (int round = 0; round < 1_500; round++) {
            byte[] message = message(random);
            int cap = random.nextInt(4) == 0 ? MailLimits.DEFAULT.maxTokens() : 1 + random.nextInt(250);
            Features direct = new Features(cap);
            tokenizer.tokenize(message, direct);
            Features oneByOne = new Features(cap);
            tokenizer.tokenize(message, forwardingTo(oneByOne));
            assertThat(direct.hashes()).as("round %d, cap %d:%n%s", round, cap, new String(message, StandardCharsets.ISO_8859_1))
                    .containsExactly(oneByOne.hashes());
        }
    }

    /** A sink that is no {@link Features}: the stages must hand it every feature by name. */
    private static FeatureSink forwardingTo(Features set) {
        return new FeatureSink() {
            @Override
            public void accept(String prefix, CharSequence word) {
                set.accept(prefix, word);
            }

            @Override
            public void acceptPair(String prefix, CharSequence first, CharSequence second) {
                set.acceptPair(prefix, first, second);
            }
        };
    }

    private static byte[] message(SplittableRandom random) {
        String nl = random.nextBoolean() ? "\n" : "\r\n";
        StringBuilder m = new StringBuilder();
        for (int i = random.nextInt(6); i > 0; i--) {
            m.append("Received: from ").append(host(random)).append(" (").append(host(random)).append(" [")
                    .append(host(random)).append("])").append(fold(random, nl)).append("by ").append(host(random))
                    .append(" with SMTP id x").append(random.nextInt(99)).append("; Mon, 1 Jan 2024").append(nl);
        }
        for (String header : new String[] {"From", "To", "Cc", "Reply-To", "Sender", "Return-Path"}) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            m.append(header).append(random.nextInt(10) == 0 ? " : " : ": ");
            for (int i = random.nextInt(5); i >= 0; i--) {
                m.append(i == 0 ? "" : ", ").append(random.nextBoolean() ? "\"Sales Team\" <" : "<")
                        .append("user").append(random.nextInt(3)).append('@').append(host(random)).append('>');
                if (random.nextInt(4) == 0) {
                    m.append(fold(random, nl));
                }
            }
            m.append(nl);
        }
        if (random.nextInt(4) != 0) {
            m.append("Message-ID: <").append(random.nextInt(1_000_000)).append(".x@").append(host(random)).append('>').append(nl);
        }
        m.append("Subject: ").append(random.nextBoolean() ? "FREE OFFER!!! " : "re: news $$ ").append(host(random)).append(nl);
        if (random.nextInt(5) == 0) {
            m.append("X-Odd: tab\tvt\u000bcr\rnul\u0000 caf\u00e9").append(nl);
        }
        boolean html = random.nextBoolean();
        boolean qp = random.nextInt(3) == 0;
        m.append("Content-Type: text/").append(html ? "html" : "plain").append("; charset=iso-8859-1").append(nl);
        if (qp) {
            m.append("Content-Transfer-Encoding: quoted-printable").append(nl);
        }
        m.append(nl);
        for (int i = random.nextInt(12); i >= 0; i--) {
            String link = link(random);
            if (html) {
                m.append(qp ? "<a href=3D\"" : "<a href=\"").append(link).append("\">click ").append(host(random)).append("</a> ");
            } else {
                m.append("see ").append(link).append(' ');
            }
            if (qp && random.nextBoolean()) {
                m.append('=').append(nl);
            }
            m.append("words here and there ").append(nl);
        }
        return m.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String host(SplittableRandom random) {
        return HOSTS[random.nextInt(HOSTS.length)];
    }

    private static String fold(SplittableRandom random, String nl) {
        return random.nextBoolean() ? nl + "\t" : nl + " ";
    }

    private static String link(SplittableRandom random) {
        String host = host(random);
        return switch (random.nextInt(6)) {
            case 0 -> "http://" + host + "/";
            case 1 -> "https://user@" + host + ":8080/path/page.html?q=" + random.nextInt(3);
            case 2 -> "www." + host + "/x";
            case 3 -> "mailto:someone@" + host;
            case 4 -> "http://" + host + "/" + random.nextInt(4);
            default -> "http://" + host.toUpperCase() + "/index.html";
        };
    }
}
