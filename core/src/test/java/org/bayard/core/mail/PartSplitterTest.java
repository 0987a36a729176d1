package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PartSplitterTest {

    /** The parts of {@code body}, then "closed" or "open". */
    private static List<String> split(String body, String boundary) {
        byte[] bytes = ("<>" + body + "<>").getBytes(StandardCharsets.ISO_8859_1);
        PartSplitter parts = new PartSplitter(bytes, 2, bytes.length - 2, boundary);
        List<String> out = new ArrayList<>();
        while (parts.next()) {
            out.add(new String(bytes, parts.partFrom(), parts.partTo() - parts.partFrom(), StandardCharsets.ISO_8859_1));
        }
        out.add(parts.closed() ? "closed" : "open");
        return out;
    }

    @Test
    void partsLieBetweenDelimitersWhichOwnTheLineBreakBeforeThem() {
        assertThat(split("preamble\r\n--b\r\none\r\n--b\ntwo\n\n--b--\r\nepilogue\r\n--b\r\nignored", "b"))
                .containsExactly("one", "two\n", "closed");
    }

    @Test
    void aDelimiterIsFollowedByWhitespaceTwoDashesOrTheEnd() {
        assertThat(split("--b\nx\n--bx\ny\n--b-z\n--b \t\nw\n--b", "b")).containsExactly("x\n--bx\ny\n--b-z", "w", "open");
        assertThat(split("--b\nx\n--b--", "b")).containsExactly("x", "closed");
    }

    @Test
    void onlyALineStartCanHoldADelimiter() {
        assertThat(split("--b\nx --b\n--b--\n", "b")).containsExactly("x --b", "closed");
    }

    @Test
    void twoDashesAnywhereOnTheDelimiterLineClose() {
        assertThat(split("--b\nx\n--b trailing -- words\nnot a part\n", "b")).containsExactly("x", "closed");
    }

    @Test
    void aBodyWithoutCloseDelimiterIsOpen() {
        assertThat(split("--b\nx\n--b\ny", "b")).containsExactly("x", "y", "open");
        assertThat(split("no delimiter at all", "b")).containsExactly("open");
        assertThat(split("", "b")).containsExactly("open");
    }

    @Test
    void aBodyIsDelimitedWhenItHoldsAnyDelimiterLine() {
        assertThat(delimited("preamble\n--b--\n", "b")).isTrue();
        assertThat(delimited("--b", "b")).isTrue();
        assertThat(delimited("--x\nwords\n--x--\n", "b")).isFalse();
        assertThat(delimited("words --b\n--bb\n", "b")).isFalse();
        assertThat(delimited("", "b")).isFalse();
    }

    private static boolean delimited(String body, String boundary) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        return new PartSplitter(bytes, 0, bytes.length, boundary).delimited();
    }

    @Test
    void aDelimiterAtTheEndEndsThePartsButAByteAfterItIsOneMore() {
        assertThat(split("--b\nx\n--b\r\n", "b")).containsExactly("x", "open");
        assertThat(split("--b\nx\n--b\n", "b")).containsExactly("x", "\n", "open");
    }

    @Test
    void aNestedSplitterStopsAtTheEndOfItsRange() {
        byte[] bytes = "--o\n--i\ninner\n--o\nnext\n--o--\n".getBytes(StandardCharsets.ISO_8859_1);
        PartSplitter outer = new PartSplitter(bytes, 0, bytes.length, "o");
        assertThat(outer.next()).isTrue();
        PartSplitter inner = new PartSplitter(bytes, outer.partFrom(), outer.partTo(), "i");
        assertThat(inner.next()).isTrue();
        assertThat(new String(bytes, inner.partFrom(), inner.partTo() - inner.partFrom(), StandardCharsets.ISO_8859_1))
                .isEqualTo("inner");
        assertThat(inner.next()).isFalse();
        assertThat(inner.closed()).isFalse();
    }

    @Test
    void anEmptyBoundaryIsTwoDashes() {
        assertThat(split("--\nx\n----\n", "")).containsExactly("x", "closed");
    }

    @Test
    void hugeLinesWithoutDelimitersAreOnePart() {
        String line = "y".repeat(1_000_000);
        assertThat(split("--b\n" + line, "b")).containsExactly(line, "open");
    }
}
