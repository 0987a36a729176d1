package org.bayard.net.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The blocks of a PEM file, each a label and its DER bytes; a key encrypted the traditional way is marked, not decoded. */
final class PemFile {
    record Block(String label, byte[] der, boolean encrypted) {}

    private PemFile() {}

    static List<Block> read(Path file) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(file + ": permission denied", e);
        }
        List<Block> blocks = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) return blocks;
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) return blocks;
            String label = text.substring(begin + 11, labelEnd);
            String end = "-----END " + label + "-----";
            int stop = text.indexOf(end, labelEnd);
            if (stop < 0) throw new IOException(file + ": " + label + " has no " + end + " line");
            String body = text.substring(labelEnd + 5, stop);
            // OpenSSL's traditional encrypted keys say so in header lines before the base64
            boolean encrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
            if (!encrypted) {
                try {
                    blocks.add(new Block(label, java.util.Base64.getMimeDecoder().decode(body.strip()), false));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": " + label + " is not valid base64: " + e.getMessage(), e);
                }
            } else {
                blocks.add(new Block(label, new byte[0], true));
            }
            at = stop + end.length();
        }
    }
}

