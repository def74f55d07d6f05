package dev.activitylog.it;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.activitylog.testing.TestFiles;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A headless Chromium driven through the Debian chromedriver, for the console ITs. Everything stays on 127.0.0.1:
 * the flags keep Chromium off the network (no updates, sync, field trials), and a fresh profile per browser.
 * {@link #close()} quits the browser and the driver and deletes the profile.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of(System.getProperty("it.screenshots", "target/screenshots"));

    final WebDriver driver;
    final Path downloads;
    private final Path profile;
    private final ChromeDriverService service;

    Browser(Path downloads) {
        try {
            this.downloads = Files.createDirectories(downloads);
            this.profile = Files.createTempDirectory("activity-log-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", this.downloads.toAbsolutePath().toString(),
                "download.prompt_for_download", false,
                "safebrowsing.enabled", false));
        // The driver binary is given, so Selenium Manager (which would go online to find one) never runs.
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** Opens a page of the application ({@code path} relative to it) and waits until it has loaded. */
    void open(String path) {
        driver.get(Http.base().resolve(path).toString());
    }

    WebElement find(String css) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Clicks the element and waits for the next page to replace this one. Finds the element again when the page
     * changed under it: after signing in, Payara's redirect can replace a page that looked loaded ("Node with given id
     * does not belong to the document").
     */
    void clickAndWait(String css) {
        WebElement html = waiting().ignoring(WebDriverException.class).until(d -> {
            WebElement page = d.findElement(By.tagName("html"));
            WebElement element = d.findElement(By.cssSelector(css));
            if (!element.isDisplayed()) {
                return null;
            }
            element.click();
            return page;
        });
        awaitReplaced(html);
    }

    /**
     * Waits until this page element is gone, replaced by the next page. Chromium 156 reports an element of a replaced
     * document either as stale or as "Node with given id does not belong to the document", which Selenium's own
     * stalenessOf does not take for stale and throws.
     */
    void awaitReplaced(WebElement element) {
        waiting().until(d -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    void login(String user, String password) {
        find("#j_username").sendKeys(user);
        find("#j_password").sendKeys(password);
        clickAndWait("#sign-in");
    }

    /** Opens the console, signing in as the test admin unless this browser's session already is. */
    Browser signInAsAdmin() {
        open("admin/");
        if (!driver.findElements(By.id("j_username")).isEmpty()) {
            login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        }
        List<WebElement> user = driver.findElements(By.id("session:user"));
        if (user.size() != 1 || !Http.ADMIN_USER.equals(user.get(0).getText())) {
            throw new AssertionError("not signed in as " + Http.ADMIN_USER + ": " + driver.getCurrentUrl() + "\n"
                    + driver.getPageSource());
        }
        return this;
    }

    /** Sequence numbers of the listed entries' rows, top to bottom. */
    List<Long> rows() {
        find("main h1");
        return driver.findElements(By.cssSelector("#entries-body tr[data-seq]")).stream()
                .map(r -> Long.parseLong(r.getAttribute("data-seq"))).toList();
    }

    /** Waits for a finished download with this extension (Chromium writes *.crdownload until done). */
    Path downloaded(String extension) {
        return waiting().until(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                Optional<Path> done = files.filter(p -> p.getFileName().toString().endsWith(extension)).findFirst();
                return done.filter(p -> p.toFile().length() > 0).orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Whether the element is gone from the page (replaced, or the page reloaded). */
    static boolean isStale(WebElement e) {
        try {
            e.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        }
    }

    /** A full-page screenshot into target/screenshots. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            long height = (Long) ((JavascriptExecutor) driver).executeScript(
                    "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight);");
            Dimension size = driver.manage().window().getSize();
            driver.manage().window().setSize(new Dimension(size.getWidth(), (int) Math.min(4000, Math.max(700, height + 120))));
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            driver.manage().window().setSize(size);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try {
                TestFiles.deleteTree(profile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
