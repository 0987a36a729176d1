package org.bayard.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RootWarningTest {

    @Test
    void rootIsWarnedAndNamedOtherUsersAreNot() {
        assertThat(RootWarning.forUid(0)).hasValueSatisfying(w -> assertThat(w).contains("running as root").contains("User="));
        assertThat(RootWarning.forUid(1000)).isEmpty();
        assertThat(RootWarning.forUid(-1)).isEmpty();
    }

    @Test
    void theProcessUidIsTheOneTheKernelReports() throws Exception {
        // /proc/self belongs to the process's effective user
        assertThat(RootWarning.processUid()).isEqualTo(((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue());
    }
}
