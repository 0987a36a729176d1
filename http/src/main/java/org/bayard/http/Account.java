package org.bayard.http;

/** A configured login: name, role and a {@link Passwords} hash (never a plain password). */
public record Account(String name, Role role, String passwordHash) {
    public Account {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) throw new IllegalArgumentException("bad account name");
        Passwords.validate(passwordHash);
    }

    @Override
    public String toString() {
        return "Account[" + name + ", " + role + "]";
    }
}
