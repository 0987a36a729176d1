package org.bayard.core.mail;

import java.util.Locale;

/**
 * The fields a part is named by in {@link PartInfo}, the last of each kind winning:
 * Content-Type, Content-Disposition and Content-Transfer-Encoding. The first Content-Type is
 * kept too, as mail clients mostly go by it: where the two disagree, {@link MailReader} reads
 * the text either shows.
 */
final class PartFields {

    private String contentType = "";
    /** Null while there has been one Content-Type at most, then the first one's value: no copy for the usual single field. */
    private String firstContentType;
    private int contentTypes;
    /** The Content-Type's parameters, made when first asked for; reset when a later Content-Type wins. */
    private HeaderParams contentTypeParams;
    private String disposition = "";
    private String transferEncoding = "";

    void accept(HeaderField field) {
        String name = field.name();
        if (HeaderNames.is(name, "content-type")) {
            if (++contentTypes == 2) {
                firstContentType = contentType;
            }
            contentType = field.value();
            contentTypeParams = null;
        } else if (HeaderNames.is(name, "content-disposition")) {
            disposition = field.value();
        } else if (HeaderNames.is(name, "content-transfer-encoding")) {
            transferEncoding = field.value().strip().toLowerCase(Locale.ROOT);
        }
    }

    /** The Content-Type value (empty when there is none), to read its parameters. */
    HeaderParams contentType() {
        if (contentTypeParams == null) {
            contentTypeParams = new HeaderParams(contentType);
        }
        return contentTypeParams;
    }

    /** The first of several Content-Type values, or null when there were not several. */
    HeaderParams firstOfSeveralContentTypes() {
        return firstContentType == null ? null : new HeaderParams(firstContentType);
    }

    /** The lower-case Content-Transfer-Encoding, or empty. */
    String transferEncoding() {
        return transferEncoding;
    }

    /** The attachment's file name: Content-Disposition's {@code filename}, else Content-Type's {@code name}. */
    String fileName() {
        // read for every part, also past the part limit: no parameters object for the usual part without the field
        String fileName = disposition.isEmpty() ? "" : new HeaderParams(disposition).get("filename");
        return fileName.isEmpty() ? contentType().get("name") : fileName;
    }
}
