package org.bayard.store.lmdb;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The class-path resource that lmdbjava 0.9.3 extracts and loads as the LMDB library on this
 * platform, named the way {@code org.lmdbjava.TargetName} names it: {@code lmdbjava.embedded.lib}
 * when set, else {@code org/lmdbjava/native/ARCH-OS-TOOLCHAIN.EXT} (x86_64 or aarch64; linux,
 * macos or windows; gnu, or none on macOS; so, or dll on Windows). Linux is always {@code gnu},
 * also on musl, as in lmdbjava.
 *
 * <p>Repeated here rather than read from {@code TargetName.RESOLVED_FILENAME}: reading that field
 * initializes {@code TargetName}, which reads {@code lmdbjava.native.lib} once and for good, before
 * {@link SharedLmdbLibrary} could set it.
 */
final class LmdbLibraryResource {
    static final String EMBEDDED_LIB_PROPERTY = "lmdbjava.embedded.lib";

    private LmdbLibraryResource() {}

    /** The resource for the platform {@code props} describe; empty where lmdbjava bundles none. */
    static Optional<String> name(Properties props) {
        String embedded = props.getProperty(EMBEDDED_LIB_PROPERTY);
        if (embedded != null && !embedded.isEmpty()) {
            return Optional.of(embedded);
        }
        return name(props.getProperty("os.arch"), props.getProperty("os.name"));
    }

    static Optional<String> name(String osArch, String osName) {
        String arch = arch(osArch);
        String os = os(osName);
        if (arch == null || os == null) {
            return Optional.empty();
        }
        String toolchain = os.equals("macos") ? "none" : "gnu";
        String extension = os.equals("windows") ? "dll" : "so";
        return Optional.of("org/lmdbjava/native/" + arch + "-" + os + "-" + toolchain + "." + extension);
    }

    private static String arch(String osArch) {
        String arch = lowerCase(osArch);
        if (arch.startsWith("aarch64")) return "aarch64";
        if (arch.startsWith("x86_64") || arch.startsWith("amd64")) return "x86_64";
        return null;
    }

    private static String os(String osName) {
        String os = lowerCase(osName);
        if (os.startsWith("linux")) return "linux";
        if (os.startsWith("mac os")) return "macos";
        if (os.startsWith("windows")) return "windows";
        return null;
    }

    private static String lowerCase(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ENGLISH);
    }
}
