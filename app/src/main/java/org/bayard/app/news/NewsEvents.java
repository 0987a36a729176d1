package org.bayard.app.news;

import java.util.List;

/** What the gateway tells the counters and the health check: each article's fate, and each pass's troubles. */
public interface NewsEvents {
    /** Nothing is counted: {@code bayard news-gate}, a command, prints its own summary. */
    NewsEvents NONE = new NewsEvents() {
        @Override
        public void article(String fate) {}

        @Override
        public void passEnded(List<String> troubles) {}
    };

    /** An article handed over or skipped: {@code passed}, {@code held}, {@code refused} or {@code skipped}. */
    void article(String fate);

    /** A pass ran to its end or stopped: what stopped each group ({@code group: why}), none when nothing did. */
    void passEnded(List<String> troubles);
}
