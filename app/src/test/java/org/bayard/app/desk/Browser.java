package org.bayard.app.desk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bayard.app.Commands;
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
            // its progress on the test's output; its input not the test JVM's, which is surefire's channel
            Commands.run(new ProcessBuilder("apt-get", "install", "-y", "-q", "chromium", "chromium-driver").inheritIO()
                    .redirectInput(new java.io.File("/dev/null")), 240);
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

    /**
     * Ends a browser from {@link #start}, whatever state the test left it in: quit, waited for 30 s
     * at most (its HTTP call to chromedriver may otherwise wait minutes on a hung Chromium), then
     * chromedriver and every Chromium process it started are killed, which quit may have missed.
     */
    static void quit(ChromeDriver driver) throws InterruptedException {
        List<ProcessHandle> started = ProcessHandle.current().descendants()
                .filter(h -> h.info().command().map(c -> c.equals(DRIVER.toString()) || c.startsWith(CHROMIUM.getParent().toString()))
                        .orElse(false))
                .toList();
        CompletableFuture<Void> quitting = CompletableFuture.runAsync(driver::quit, Thread::startVirtualThread);
        try {
            quitting.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // killed below: a browser that would not quit must not keep the test, or the next, waiting
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle h : started) {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    // SIGKILL cannot be refused: on its way out
                }
            }
        }
    }
}
