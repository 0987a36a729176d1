package org.bayard.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue listing's query parameters, as /api/quarantine and the page take them. */
class QueueListingTest {

    /** "?limit=abc" got "not a number: a query parameter", which named neither the parameter nor the value. */
    @Test
    void aParameterThatIsNotANumberIsNamedWithItsValue() {
        assertThatThrownBy(() -> QueueListing.page(List.of(), Map.of("limit", "abc")::get))
                .hasMessage("limit must be a whole number, got 'abc'");
        assertThatThrownBy(() -> QueueListing.filter(List.of(), Map.of("min_score", "high")::get))
                .hasMessage("min_score must be a number, got 'high'");
    }
}
