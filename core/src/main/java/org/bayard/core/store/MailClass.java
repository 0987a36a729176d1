package org.bayard.core.store;

/** The two classes a message can be learned as. */
public enum MailClass {
    HAM, SPAM;

    /** The lower-case name used in indexes, ledgers and command lines. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public MailClass other() {
        return this == HAM ? SPAM : HAM;
    }

    /** Parses {@code ham} or {@code spam}, any case; anything else is the caller's mistake. */
    public static MailClass parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "ham" -> HAM;
            case "spam" -> SPAM;
            default -> throw new IllegalArgumentException("not a class (ham or spam): '" + s + "'");
        };
    }
}
