package org.bayard.app.cli;

import org.bayard.core.store.MailClass;
import picocli.CommandLine.Option;

/** {@code --spam} or {@code --ham}, exactly one (use in an exclusive {@code @ArgGroup}): the class to learn into. */
final class ClassChoice {
    @Option(names = "--spam", required = true, description = "Learn as spam.") boolean spam;
    @Option(names = "--ham", required = true, description = "Learn as ham.") boolean ham;

    MailClass mailClass() {
        return spam ? MailClass.SPAM : MailClass.HAM;
    }
}
