package org.bayard.app;

/**
 * The command was called wrongly in a way only the command can tell, such as an option's value
 * outside its range: reported as picocli's own usage errors are (exit 2, one line naming the
 * mistake, and where the help is), not as bad input (exit 1).
 */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
