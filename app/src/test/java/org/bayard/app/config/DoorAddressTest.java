package org.bayard.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.bayard.net.ListenAddress;
import org.junit.jupiter.api.Test;

/** milter.listen and spamd.listen as Postfix, Sendmail and spamd write them, and their mistakes. */
class DoorAddressTest {
    @Test
    void tcpAsPostfixAndSendmailWriteIt() {
        ListenAddress expected = new ListenAddress.Tcp(new InetSocketAddress("127.0.0.1", 11332));
        assertThat(DoorAddress.parse("127.0.0.1:11332", 0660, "milter.listen")).isEqualTo(expected);
        assertThat(DoorAddress.parse("inet:127.0.0.1:11332", 0660, "milter.listen")).as("Postfix's smtpd_milters").isEqualTo(expected);
        assertThat(DoorAddress.parse("inet:11332@127.0.0.1", 0660, "milter.listen")).as("Sendmail's and miltertest's").isEqualTo(expected);
    }

    @Test
    void aUnixSocketWithItsMode() {
        ListenAddress expected = new ListenAddress.Unix(Path.of("/run/bayard/milter.sock"), PosixFilePermissions.fromString("rw-rw----"));
        assertThat(DoorAddress.parse("unix:/run/bayard/milter.sock", 0660, "milter.listen")).isEqualTo(expected);
        assertThat(DoorAddress.parse("local:/run/bayard/milter.sock", 0660, "milter.listen")).as("Sendmail's").isEqualTo(expected);
        assertThat(DoorAddress.parse("/run/bayard/milter.sock", 0660, "milter.listen")).as("spamd's --socketpath").isEqualTo(expected);
        assertThat(((ListenAddress.Unix) DoorAddress.parse("unix:/s", 0751, "k")).permissions())
                .isEqualTo(PosixFilePermissions.fromString("rwxr-x--x"));
        assertThat(expected.describe()).isEqualTo("unix:/run/bayard/milter.sock");
    }

    @Test
    void mistakesAreNamedWithTheKeyAndTheFile() {
        assertThatThrownBy(() -> ConfigLoader.parse("milter:\n  listen: \"unix:run/milter.sock\"\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: milter.listen: a Unix socket's path must be absolute (unix:/run/bayard/milter.sock), got 'unix:run/milter.sock'");
        String longPath = "/run/" + "x".repeat(110) + ".sock";
        assertThatThrownBy(() -> ConfigLoader.parse("spamd:\n  listen: \"" + longPath + "\"\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("spamd.listen: a Unix socket's path may be at most 107 bytes long");
        assertThatThrownBy(() -> ConfigLoader.parse("spamd:\n  listen: \"inet:783\"\n", "f.yaml"))
                .isInstanceOf(ConfigException.class).hasMessage("f.yaml: spamd.listen must be host:port, got '783'");
        assertThatThrownBy(() -> ConfigLoader.parse("milter:\n  socket-mode: 660\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: milter.socket-mode must be octal digits in quotes, as chmod takes them: \"0660\"");
        assertThatThrownBy(() -> ConfigLoader.parse("milter:\n  socket-mode: \"0689\"\n", "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("f.yaml: milter.socket-mode must be octal digits, as chmod takes them (\"0660\"), got '0689'");
        assertThat(ConfigLoader.parse("milter:\n  socket-mode: \"660\"\n", "f.yaml").milter().orElseThrow().socketMode()).isEqualTo(0660);
    }
}
