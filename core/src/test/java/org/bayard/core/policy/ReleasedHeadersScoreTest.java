package org.bayard.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.bayard.core.mail.HeaderEditor.Field;
import org.junit.jupiter.api.Test;

/**
 * The score a released message arrives with: the held score and MODERATOR_RELEASED's -100, as
 * SpamAssassin's USER_IN_WELCOMELIST, and more only where -100 would leave it at or above
 * required=. README's example, held at 6.0 with required=5.0, arrived as -95.0 instead of -94.0:
 * every release got required - 100 whatever its score, the -100 stretched to -101 when it already
 * sufficed, and the held score could no longer be read back from the field.
 */
class ReleasedHeadersScoreTest {
    private static Decision heldAt(double score) {
        return new Decision(Action.HOLD, score, List.of(new Symbol("BAYES_95", score, "p=0.9600")), Optional.empty(),
                "score " + score + " >= hold 5.0", Optional.empty());
    }

    private static String field(List<Field> fields, String name) {
        return fields.stream().filter(f -> f.name().equals(name)).map(Field::value).findFirst().orElseThrow();
    }

    @Test
    void aHeldScoreLosesOneHundredPointsWhenThatTakesItBelowRequired() {
        List<Field> fields = SpamHeaders.released(heldAt(6.0), 5.0, "no", 0, "0.1.0");
        assertThat(field(fields, "X-Spam-Score")).isEqualTo("-94.0");
        assertThat(field(fields, "X-Spam-Status")).startsWith("No, score=-94.0 required=5.0 tests=BAYES_95,MODERATOR_RELEASED ");
        assertThat(field(SpamHeaders.released(heldAt(10.0), 5.0, "no", 0, "0.1.0"), "X-Spam-Score")).isEqualTo("-90.0");
    }

    @Test
    void moreThanOneHundredOnlyWhereOneHundredWouldNotBeEnough() {
        // required= far below the held score: -100 would leave it flagged, so the release takes it under
        String score = field(SpamHeaders.released(heldAt(10.0), -1000.0, "no", 0, "0.1.0"), "X-Spam-Score");
        assertThat(Double.parseDouble(score)).isLessThan(-1000.0);
        assertThat(field(SpamHeaders.released(heldAt(150.0), 5.0, "no", 0, "0.1.0"), "X-Spam-Status")).startsWith("No, ");
    }
}
