package org.bayard.http;

import java.util.regex.Pattern;

/** Quarantine ids as the API accepts them: server-made, opaque, short, no separators. */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,30}(\\.[A-Za-z0-9_-]{1,30}){0,2}");

    private Ids() {}

    public static boolean valid(String id) {
        return id != null && id.length() <= 64 && ID.matcher(id).matches();
    }
}
