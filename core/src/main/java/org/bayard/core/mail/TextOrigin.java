package org.bayard.core.mail;

/** Where a piece of text came from; hidden HTML text is kept but told apart, spammers hide words. */
public enum TextOrigin {
    PLAIN, HTML, HTML_HIDDEN
}
