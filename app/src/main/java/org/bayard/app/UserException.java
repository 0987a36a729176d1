package org.bayard.app;

/** The user's input or environment was bad: printed as one line, exit code 1, never a stack trace. */
public class UserException extends RuntimeException {
    public UserException(String message) {
        super(message);
    }

    public UserException(String message, Throwable cause) {
        super(message, cause);
    }
}
