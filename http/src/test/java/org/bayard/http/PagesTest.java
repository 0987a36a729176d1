package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PagesTest {
    private static final String RLO = "\u202E";

    /**
     * A right-to-left override turns what the moderator reads around: the subject
     * "Invoice RLO fdp.exe" showed as "Invoice exe.pdf", the attachment "invoice RLO gpj.exe"
     * as "invoiceexe.jpg", while the symbol's detail said invoice?gpj.exe. Bidi controls from
     * mail are shown as a visible mark instead of being obeyed.
     */
    @Test
    void bidiControlsFromMailAreShownNotObeyed() {
        for (char c : "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069".toCharArray()) {
            assertThat(Pages.h("a" + c + "b")).as("U+%04X", (int) c).isEqualTo("a\uFFFDb");
        }
        assertThat(Pages.h("שלום עולם")).isEqualTo("שלום עולם"); // right-to-left text itself is left alone

        Backend.Held held = new Backend.Held("Q1.1", Instant.parse("2026-11-23T06:00:00Z"), "billing@example.com",
                List.of("list@example.org"), "Invoice " + RLO + "fdp.exe", 6.5, "score 6.5 >= hold 5.0");
        Principal who = new Principal("mod", Role.ADMIN, Scope.ALL, Optional.empty());
        assertThat(QueuePage.render(who, "t", new QueuePage.Listing(List.of(held), 1, 0, 500, name -> null, Map.of()), null, QueuePage.Outcome.NONE)).doesNotContain(RLO);
        Backend.HeldView view = new Backend.HeldView(held, "192.0.2.1", "client.test", List.of(Map.entry("Subject", held.subject())),
                List.of(), List.of(), "see attachment", Optional.empty(), List.of("invoice" + RLO + "gpj.exe"), 0, 0);
        assertThat(MessagePage.render(who, "t", view, java.util.Optional.empty(), false)).doesNotContain(RLO).contains("invoice\uFFFDgpj.exe");
    }
}
