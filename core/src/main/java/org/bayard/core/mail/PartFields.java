package org.bayard.core.mail;

import java.util.Locale;

/**
 * The fields a part is named by in {@link PartInfo}, the last of each kind winning:
 * Content-Type, Content-Disposition and Content-Transfer-Encoding.
 */
final class PartFields {

    private String contentType = "";
    private String disposition = "";
    private String transferEncoding = "";

    void accept(HeaderField field) {
        String name = field.name();
        if (HeaderNames.is(name, "content-type")) {
            contentType = field.value();
        } else if (HeaderNames.is(name, "content-disposition")) {
            disposition = field.value();
        } else if (HeaderNames.is(name, "content-transfer-encoding")) {
            transferEncoding = field.value().strip().toLowerCase(Locale.ROOT);
        }
    }

    /** The Content-Type value, or empty. */
    String contentType() {
        return contentType;
    }

    /** The lower-case Content-Transfer-Encoding, or empty. */
    String transferEncoding() {
        return transferEncoding;
    }

    /** The attachment's file name: Content-Disposition's {@code filename}, else Content-Type's {@code name}. */
    String fileName() {
        String fileName = HeaderParams.get(disposition, "filename");
        return fileName.isEmpty() ? HeaderParams.get(contentType, "name") : fileName;
    }
}
