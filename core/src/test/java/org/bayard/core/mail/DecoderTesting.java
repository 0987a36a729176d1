package org.bayard.core.mail;

import org.apache.james.mime4j.codec.DecodeMonitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Helpers for the transfer decoder tests: running a decoder, and random inputs from a small alphabet. */
final class DecoderTesting {

    /** What a decoder produced: the text (as Latin-1, one char per byte) and its anomalies. */
    record Result(String text, List<String> anomalies) {}

    interface Decoder {
        void decode(byte[] in, int from, int to, DecodedBytes out, Anomalies anomalies);
    }

    private DecoderTesting() {}

    static Result run(Decoder decoder, String encoded, int cap) {
        byte[] in = ("xx" + encoded + "yy").getBytes(StandardCharsets.ISO_8859_1);
        Recorder recorder = new Recorder();
        Anomalies anomalies = new Anomalies(recorder);
        anomalies.context("enc");
        DecodedBytes out = new DecodedBytes(4, cap);
        decoder.decode(in, 2, in.length - 2, out, anomalies); // the bytes around must not be read
        return new Result(new String(out.array(), 0, out.length(), StandardCharsets.ISO_8859_1), recorder.anomalies);
    }

    static Result run(Decoder decoder, String encoded) {
        return run(decoder, encoded, Integer.MAX_VALUE);
    }

    /**
     * The same input through one of mime4j's decoding streams, with its warnings filtered the way
     * the reader filters them: the reference our decoders must agree with, byte for byte.
     */
    static Result reference(String encoded, boolean quotedPrintable) throws IOException {
        Recorder recorder = new Recorder();
        Anomalies anomalies = new Anomalies(recorder);
        anomalies.context("enc");
        InputStream raw = new java.io.ByteArrayInputStream(encoded.getBytes(StandardCharsets.ISO_8859_1));
        DecodeMonitor monitor = anomalies;
        InputStream decoded = quotedPrintable
                ? new org.apache.james.mime4j.codec.QuotedPrintableInputStream(raw, monitor)
                : new org.apache.james.mime4j.codec.Base64InputStream(raw, monitor);
        byte[] bytes = decoded.readAllBytes();
        return new Result(new String(bytes, StandardCharsets.ISO_8859_1), recorder.anomalies);
    }

    static String random(Random random, String alphabet, int maxLength) {
        char[] chars = new char[random.nextInt(maxLength + 1)];
        Arrays.setAll(new int[chars.length], i -> chars[i] = alphabet.charAt(random.nextInt(alphabet.length())));
        return new String(chars);
    }
}
