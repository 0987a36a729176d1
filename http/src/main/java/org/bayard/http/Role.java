package org.bayard.http;

import java.util.Locale;

/** What an account may do: read (check, stats, list and view held mail) or also change state. */
public enum Role {
    READ, ADMIN;

    public static Role parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "read", "read-only", "readonly" -> READ;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException("unknown role '" + s + "'; one of read-only, admin");
        };
    }

    public boolean allows(Role needed) {
        return this == ADMIN || needed == READ;
    }
}
