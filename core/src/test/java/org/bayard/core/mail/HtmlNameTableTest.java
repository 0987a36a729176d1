package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HtmlNameTableTest {

    private static long key(String name) {
        return HtmlNameKey.of(name);
    }

    @Test
    void findsEachNameInAnyCaseByItsKeyAndNothingElse() {
        HtmlNameTable<String> table = new HtmlNameTable<>(4);
        table.put("href", "link");
        table.put("src", "source");
        table.put("h1", "heading");
        assertThat(table.get(key("HREF"))).isEqualTo("link");
        assertThat(table.get(key("Src"))).isEqualTo("source");
        assertThat(table.get(key("h1"))).isEqualTo("heading");
        assertThat(table.get(key("hre"))).isNull();
        assertThat(table.get(key("hrefs"))).isNull();
        assertThat(table.get(key("h2"))).isNull();
        assertThat(table.get(HtmlNameKey.NONE)).isNull();
    }

    @Test
    void aFullTableStillFindsEveryNameWhateverCollides() {
        // all two-letter names that fit 100 entries: many share slots, so probing must run on past them
        HtmlNameTable<Integer> table = new HtmlNameTable<>(100);
        for (int i = 0; i < 100; i++) {
            table.put(twoLetters(i), i);
        }
        for (int i = 0; i < 100; i++) {
            assertThat(table.get(key(twoLetters(i)))).isEqualTo(i);
        }
        for (int i = 100; i < 26 * 26; i++) {
            assertThat(table.get(key(twoLetters(i)))).isNull();
        }
    }

    private static String twoLetters(int i) {
        return "" + (char) ('a' + i / 26) + (char) ('a' + i % 26);
    }

    @Test
    void refusesNamesWithoutAKeyRepeatsAndMoreThanItsCapacity() {
        HtmlNameTable<String> table = new HtmlNameTable<>(2);
        assertThatThrownBy(() -> table.put("http-equiv", "x")).isInstanceOf(IllegalArgumentException.class);
        table.put("a", "x");
        assertThatThrownBy(() -> table.put("a", "y")).isInstanceOf(IllegalArgumentException.class);
        table.put("b", "y");
        assertThatThrownBy(() -> table.put("c", "z")).isInstanceOf(IllegalArgumentException.class);
        assertThat(table.get(key("b"))).isEqualTo("y");
    }
}
