package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormattingElementsTest {

    private static HtmlTag tag(String name) {
        return HtmlTag.of(HtmlNameKey.of(name), name, 0, name.length());
    }

    @Test
    void removingAnEntryKeepsTheOthersInOrderWithWhatTheyDo() {
        FormattingElements list = new FormattingElements();
        HtmlTag b = tag("b");
        HtmlTag font = tag("font");
        HtmlTag i = tag("i");
        list.add(b, false, HtmlStyle.NONE, HtmlStyle.NONE, 1);
        list.add(font, true, 0xffffff, 0x000000, 2);
        list.add(i, false, 0x123456, HtmlStyle.NONE, 3);
        list.add(font, false, HtmlStyle.NONE, HtmlStyle.NONE, 4);

        list.remove(1); // the older font, from the middle
        assertThat(list.lastNamed(b)).isEqualTo(0);
        assertThat(list.lastNamed(i)).isEqualTo(1);
        assertThat(list.lastNamed(font)).isEqualTo(2);
        assertThat(list.depth(1)).isEqualTo(3);
        assertThat(list.depth(2)).isEqualTo(4);

        list.remove(2); // the newest
        assertThat(list.lastNamed(font)).isEqualTo(-1);
        list.remove(0); // the oldest
        assertThat(list.lastNamed(i)).isEqualTo(0);
        assertThat(list.depth(0)).isEqualTo(3);
    }

    @Test
    void removingAClosedEntryLeavesTheOthersAsTheyWere() {
        FormattingElements list = new FormattingElements();
        HtmlTag b = tag("b");
        HtmlTag u = tag("u");
        list.add(b, false, HtmlStyle.NONE, HtmlStyle.NONE, 1);
        list.add(u, true, HtmlStyle.NONE, HtmlStyle.NONE, 2);
        list.closedAbove(0); // both closed by a block
        list.remove(0);
        assertThat(list.lastNamed(u)).isEqualTo(0);
        assertThat(list.depth(0)).isEqualTo(FormattingElements.CLOSED);
        list.closedAbove(0);
        assertThat(list.depth(0)).isEqualTo(FormattingElements.CLOSED);
    }
}
