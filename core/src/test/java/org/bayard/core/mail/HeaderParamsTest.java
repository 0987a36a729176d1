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
        assertThat(new HeaderParams("x/y; name*0=first; name*1=second").get("name")).isEqualTo("first");
    }

    @Test
    void anEmptyValueHasNoParameters() {
        assertThat(new HeaderParams("").get("filename")).isEmpty();
    }
}
