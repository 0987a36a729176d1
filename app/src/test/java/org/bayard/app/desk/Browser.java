package org.bayard.app.desk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bayard.app.Commands;
import org.openqa.selenium.NoAlertPresentException;
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
     * What a test could leave behind in a browser and the next would see: the tabs, the page, an
     * alert, every site's cookies (the session of 127.0.0.1 goes to any port) and the window's
     * inner size. Equal to a new browser's when it is as new.
     */
    static String state(ChromeDriver d) {
        String alert;
        try {
            alert = "alert \"" + d.switchTo().alert().getText() + "\"";
        } catch (NoAlertPresentException none) {
            alert = "no alert";
        }
        Object cookies = d.executeCdpCommand("Network.getAllCookies", Map.of()).get("cookies");
        Object size = alert.equals("no alert") ? d.executeScript("return window.innerWidth + 'x' + window.innerHeight;") : "?";
        return d.getWindowHandles().size() + " tab(s), " + alert + ", at " + d.getCurrentUrl() + ", cookies " + cookies
                + ", inner size " + size;
    }

    /**
     * Brings a browser from {@link #start} back to a new one's state for the next test: an alert
     * dismissed, the other tabs closed, a blank page (nothing a page started goes on), no cookie,
     * an empty cache, and nothing stored for the origins the test used (its desk's port may be the next's).
     */
    static void clear(ChromeDriver d, Collection<String> origins) {
        try {
            d.switchTo().alert().dismiss();
        } catch (NoAlertPresentException none) {
            // as it should be
        }
        List<String> tabs = new ArrayList<>(d.getWindowHandles());
        for (String other : tabs.subList(1, tabs.size())) d.switchTo().window(other).close();
        d.switchTo().window(tabs.get(0));
        d.get("about:blank");
        d.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        d.executeCdpCommand("Network.clearBrowserCache", Map.of());
        for (String origin : origins) d.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
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
