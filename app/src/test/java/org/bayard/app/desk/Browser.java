package org.bayard.app.desk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real headless Debian Chromium driven through chromedriver. A missing browser is installed when
 * we can (root), else the test fails: it is never skipped.
 */
final class Browser {
    static final Path CHROMIUM = Path.of("/usr/lib/chromium/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Browser() {}

    static synchronized void ensureInstalled() throws Exception {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) return;
        if ("root".equals(System.getProperty("user.name"))) {
            Process p = new ProcessBuilder("apt-get", "install", "-y", "-q", "chromium", "chromium-driver").inheritIO().start();
            p.waitFor();
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError("Debian chromium and chromium-driver are needed: apt-get install -y chromium chromium-driver");
        }
    }

    static ChromeDriver start(Path profile) throws Exception {
        ensureInstalled();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toString());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver d = new ChromeDriver(service, o);
        d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        return d;
    }
}
