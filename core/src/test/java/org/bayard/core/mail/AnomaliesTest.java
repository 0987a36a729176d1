package org.bayard.core.mail;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnomaliesTest {

    @Test
    void eachCodeIsReportedOnce() {
        Recorder recorder = new Recorder();
        Anomalies anomalies = new Anomalies(recorder);
        anomalies.record("scan-limit");
        anomalies.record("scan-limit");
        assertThat(recorder.anomalies).containsExactly("scan-limit");
    }

    @Test
    void decodingFaultsAreReportedOncePerContextTheyHappenIn() {
        Recorder recorder = new Recorder();
        Anomalies anomalies = new Anomalies(recorder);
        anomalies.decodingFault();
        anomalies.context("quoted-printable");
        anomalies.decodingFault();
        anomalies.decodingFault();
        anomalies.context("header");
        anomalies.decodingFault();
        anomalies.context("base64");
        anomalies.decodingFault();
        anomalies.context("quoted-printable");
        anomalies.decodingFault();
        assertThat(recorder.anomalies).containsExactly("bad-header", "bad-quoted-printable", "bad-base64");
    }
}
