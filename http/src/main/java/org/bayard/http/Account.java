package org.bayard.http;

/**
 * A configured login: name, role, a {@link Passwords} hash (never a plain password), and the
 * {@link Scope} of held mail it moderates ({@link Scope#ALL} when the configuration gives none).
 */
public record Account(String name, Role role, String passwordHash, Scope scope) {
    public Account {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) throw new IllegalArgumentException("bad account name");
        Passwords.validate(passwordHash);
        if (role == null) throw new IllegalArgumentException("no role");
        if (scope == null) throw new IllegalArgumentException("no scope (Scope.ALL for everything)");
    }

    /** An account for all held mail. */
    public Account(String name, Role role, String passwordHash) {
        this(name, role, passwordHash, Scope.ALL);
    }

    @Override
    public String toString() {
        return "Account[" + name + ", " + role + (scope.everything() ? "" : ", scope " + scope) + "]";
    }
}
