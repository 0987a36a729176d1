package org.bayard.app.cli;

import com.sun.security.auth.module.UnixSystem;
import java.util.Optional;

/**
 * What {@code bayard serve} says when it runs as root. A filter parses hostile mail all day, and
 * its store and quarantine hold private mail: like spamd, which drops to another user, it should
 * run as a user of its own. A warning rather than a refusal, so a first try as root still works.
 */
final class RootWarning {
    private RootWarning() {}

    /** The warning for a process running with user id {@code uid}, or empty if it needs none. */
    static Optional<String> forUid(long uid) {
        if (uid != 0) return Optional.empty();
        return Optional.of("bayard serve: warning: running as root; run the service as a user of its own "
                + "(for example systemd's User=bayard), which owns the store and the quarantine");
    }

    /** This process's user id, or -1 on a platform without one. */
    static long processUid() {
        try {
            return new UnixSystem().getUid();
        } catch (UnsatisfiedLinkError | SecurityException e) {
            return -1;
        }
    }
}
