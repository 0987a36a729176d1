package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScopeTest {
    static final Scope LISTS = Scope.of(List.of("announce@lists.example.org", "dev.example.net", ".hosted.example.com"));

    @Test
    void aMessageIsInsideOnlyWhenEveryRecipientIs() {
        assertThat(LISTS.covers(List.of("announce@lists.example.org"))).isTrue();
        assertThat(LISTS.covers(List.of("Announce@Lists.Example.ORG"))).isTrue();
        assertThat(LISTS.covers(List.of("<announce@lists.example.org>"))).isTrue();
        assertThat(LISTS.covers(List.of("anyone@dev.example.net", "announce@lists.example.org"))).isTrue();
        assertThat(LISTS.covers(List.of("a@x.hosted.example.com", "b@y.z.hosted.example.com"))).isTrue();
        // one recipient outside: the whole message is outside
        assertThat(LISTS.covers(List.of("announce@lists.example.org", "other@lists.example.org"))).isFalse();
        assertThat(LISTS.covers(List.of("other@lists.example.org"))).isFalse();
        // an address entry is that address only, a domain entry that domain only
        assertThat(LISTS.covers(List.of("announce-owner@lists.example.org"))).isFalse();
        assertThat(LISTS.covers(List.of("announce+x@lists.example.org"))).isFalse();
        assertThat(LISTS.covers(List.of("a@sub.dev.example.net"))).isFalse();
        assertThat(LISTS.covers(List.of("a@notdev.example.net"))).isFalse();
        // a leading dot is for subdomains, as in relay-domains: not the domain itself
        assertThat(LISTS.covers(List.of("a@hosted.example.com"))).isFalse();
        assertThat(LISTS.covers(List.of("a@evilhosted.example.com"))).isFalse();
        // nothing to judge by: outside
        assertThat(LISTS.covers(List.of())).isFalse();
        assertThat(LISTS.covers(List.of("postmaster"))).isFalse();
        assertThat(LISTS.covers(List.of("@dev.example.net"))).isFalse();
    }

    @Test
    void allCoversEverythingEvenNoRecipients() {
        assertThat(Scope.ALL.everything()).isTrue();
        assertThat(Scope.ALL.covers(List.of("x@y.z", "postmaster"))).isTrue();
        assertThat(Scope.ALL.covers(List.of())).isTrue();
        assertThat(LISTS.everything()).isFalse();
    }

    @Test
    void entriesAreNormalised() {
        Scope s = Scope.of(List.of(" Lists.Example.ORG ", "@lists.example.org", "List@Lists.Example.org"));
        assertThat(s.entries()).containsExactly("lists.example.org", "list@lists.example.org");
        assertThat(s.covers(List.of("anyone@lists.example.org"))).isTrue();
    }

    @Test
    void badEntriesAndAnEmptyListAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Scope.of(List.of())).hasMessageContaining("scope is empty").hasMessageContaining("leave scope out");
        Map<String, String> bad = Map.of(
                "announce", "neither an address (announce@lists.example.org) nor a domain",
                "", "empty",
                "*", "leave scope out to see everything",
                "*.example.org", "'.example.org' for every subdomain",
                "a b@example.org", "not a mailbox address",
                "list@localhost", "'localhost' is not a domain name",
                "list@[192.0.2.1]", "is not a domain name",
                "example..org", "not an address (list@domain) or a domain",
                "-x.example.org", "not an address (list@domain) or a domain",
                "..example.org", "not an address (list@domain) or a domain");
        bad.forEach((entry, why) -> assertThatThrownBy(() -> Scope.of(List.of("ok.example.org", entry))).as(entry)
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scope entry '" + entry + "'").hasMessageContaining(why));
    }
}
