package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderParamsTest {

    @Test
    void findsEachParameterOfOneValue() {
        HeaderParams params = new HeaderParams("Text/Plain; CharSet=\"ISO-8859-1\"; Name=Report.TXT; format=flowed");
        assertThat(params.get("charset")).isEqualTo("ISO-8859-1");
        assertThat(params.get("name")).isEqualTo("Report.TXT"); // the value keeps its case
        assertThat(params.get("boundary")).isEmpty();
        assertThat(params.value()).startsWith("Text/Plain;");
    }

    @Test
    void aParameterEndingAnotherNameIsNotIt() {
        assertThat(new HeaderParams("attachment; filename=a.pdf").get("name")).isEmpty();
        assertThat(new HeaderParams("attachment; filename=a.pdf").get("filename")).isEqualTo("a.pdf");
    }

    @Test
    void readsQuotedEscapesAndRfc2231Values() {
        assertThat(new HeaderParams("x/y; name=\"a \\\"b\\\" c\"").get("name")).isEqualTo("a \"b\" c");
        assertThat(new HeaderParams("x/y; name*=utf-8''%C3%A9t%C3%A9.doc").get("name")).isEqualTo("\u00E9t\u00E9.doc");
        assertThat(new HeaderParams("x/y; name*0=first").get("name")).isEqualTo("first");
    }

    /** RFC 2231 section 3: a value split into numbered segments is read joined, as mail clients show it. */
    @Test
    void joinsContinuedSegments() {
        assertThat(new HeaderParams("attachment; filename*0=\"invoice\"; filename*1=\".exe\"").get("filename")).isEqualTo("invoice.exe");
        assertThat(new HeaderParams("x/y; name*0=first; name*1=second").get("name")).isEqualTo("firstsecond");
        // as folded by a mail client, spaces around the parts
        assertThat(new HeaderParams("attachment;\tfilename*0 = \"a long \" ;  filename*1=\"name.pdf\"").get("filename")).isEqualTo("a long name.pdf");
    }

    /** Section 4: the charset of segment 0 decodes every encoded segment, also a character split between two. */
    @Test
    void decodesEncodedSegmentsWithTheCharsetOfTheFirst() {
        assertThat(new HeaderParams("attachment; filename*0*=UTF-8''%E2%82%AC; filename*1*=%20report.exe").get("filename"))
                .isEqualTo("\u20AC report.exe");
        assertThat(new HeaderParams("x/y; name*0*=utf-8''%E2%82; name*1*=%AC.txt").get("name")).isEqualTo("\u20AC.txt");
        assertThat(new HeaderParams("x/y; name*0*=iso-8859-1'fr'%E9t%E9; name*1*=%E9.doc").get("name")).isEqualTo("\u00E9t\u00E9\u00E9.doc");
        // an unknown charset falls back as for name*=: valid UTF-8, else windows-1252
        assertThat(new HeaderParams("x/y; name*0*=x-made-up''%C3%A9; name*1*=t%C3%A9").get("name")).isEqualTo("\u00E9t\u00E9");
        assertThat(new HeaderParams("x/y; name*0*=x-made-up''%E9; name*1*=t%E9").get("name")).isEqualTo("\u00E9t\u00E9");
    }

    /** Encoded and plain segments may alternate: plain ones are taken as they stand, percent signs and all. */
    @Test
    void joinsEncodedAndPlainSegments() {
        assertThat(new HeaderParams("x/y; name*0*=utf-8''%C3%A9t%C3%A9; name*1=\" 100%25.doc\"").get("name")).isEqualTo("\u00E9t\u00E9 100%25.doc");
        assertThat(new HeaderParams("x/y; name*0=\"invoice\"; name*1*=%2Eexe").get("name")).isEqualTo("invoice.exe");
    }

    @Test
    void joinsSegmentsByTheirNumbersNotTheirOrder() {
        assertThat(new HeaderParams("attachment; filename*2=exe; filename*0=invoice; filename*1=.").get("filename")).isEqualTo("invoice.exe");
        assertThat(new HeaderParams("attachment; filename*1=\".exe\"; filename*0=\"invoice\"").get("filename")).isEqualTo("invoice.exe");
    }

    /** A missing segment ends the value; a number given twice counts once, the first, as a parameter given twice does. */
    @Test
    void stopsAtAGapAndTakesTheFirstOfADuplicate() {
        assertThat(new HeaderParams("attachment; filename*0=invoice; filename*2=.exe").get("filename")).isEqualTo("invoice");
        assertThat(new HeaderParams("attachment; filename*0=invoice; filename*1=.exe; filename*1=.txt").get("filename")).isEqualTo("invoice.exe");
        assertThat(new HeaderParams("attachment; filename*0=invoice; filename*0=other; filename*1=.exe").get("filename")).isEqualTo("invoice.exe");
        // numbers RFC 2231 does not write (a leading zero, too big for any field) are no segments
        assertThat(new HeaderParams("attachment; filename*0=invoice; filename*01=.exe").get("filename")).isEqualTo("invoice");
        assertThat(new HeaderParams("attachment; filename*0=invoice; filename*99999999999999999999=.exe").get("filename")).isEqualTo("invoice");
    }

    /** Segments of another parameter, or a parameter whose name ends the same, are not joined in. */
    @Test
    void joinsOnlyTheParameterAskedFor() {
        HeaderParams params = new HeaderParams("x/y; name*0=a; rename*1=b; filename*1=c; name*1 =d; title*1=e");
        assertThat(params.get("name")).isEqualTo("ad");
        // a segment inside another parameter's quoted value is no segment
        assertThat(new HeaderParams("x/y; name*0=a; title=\"x; name*1=b\"").get("name")).isEqualTo("a");
    }

    /**
     * However many segments a field holds, the work is one pass over it (the reader bounds a
     * field by limits.max-header-bytes), and the value is joined whole: a cap on segments would
     * let a sender put ".exe" just past it.
     */
    @Test
    void aFieldOfTenThousandSegmentsIsJoinedWholeInOnePass() {
        StringBuilder field = new StringBuilder("attachment");
        for (int i = 0; i < 10_000; i++) {
            field.append(";\tfilename*").append(i).append(i == 9_999 ? "=\".exe\"" : "=a");
        }
        long start = System.nanoTime();
        String name = new HeaderParams(field.toString()).get("filename");
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
        assertThat(name.length()).isEqualTo(10_003);
        assertThat(name.endsWith(".exe") && name.chars().limit(9_999).allMatch(c -> c == 'a')).isTrue();
        // a quoted segment left open, or no segments but a huge number, costs no more
        assertThat(new HeaderParams("attachment; filename*0=a; filename*1=\"b" + "; filename*2=c".repeat(10_000)).get("filename"))
                .startsWith("ab; filename*2=c");
        assertThat(new HeaderParams("attachment; filename*0=a; filename*2147483647=b").get("filename")).isEqualTo("a");
    }

    @Test
    void anEmptyValueHasNoParameters() {
        assertThat(new HeaderParams("").get("filename")).isEmpty();
    }
}
