package dev.mssqlbulk.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium (Debian packages {@code chromium} and {@code chromium-driver}; {@code .ci/test-deps}
 * installs them) driven through Selenium. The driver binary is given explicitly, so Selenium Manager never tries to
 * download one. Missing binaries skip the browser tests on a developer's machine but fail them under {@code CI=true}:
 * CI must run them.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    private final ChromeDriver driver;
    private final Path downloads;

    private HeadlessChromium(ChromeDriver driver, Path downloads) {
        this.driver = driver;
        this.downloads = downloads;
    }

    /** Starts a browser with a 1280x800 window that saves downloads into {@code downloads} without asking. */
    public static HeadlessChromium start(Path downloads) {
        Path chromium = Path.of(setting("CHROMIUM_BIN", "/usr/bin/chromium"));
        Path chromedriver = Path.of(setting("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(chromedriver);
        String missing = "the browser tests need " + chromium + " and " + chromedriver
                + " (Debian: apt-get install chromium chromium-driver, or run .ci/test-deps)";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing);
        }
        assumeTrue(present, missing);
        try {
            Files.createDirectories(downloads);
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,800",
                "--lang=en-GB",
                "--no-first-run",
                "--disable-extensions");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(driver, downloads);
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    public ChromeDriver driver() {
        return driver;
    }

    public WebDriverWait waiting(Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50));
    }

    /** Saves the page as target/console-screenshots/{name}.png. */
    public Path screenshot(String name) {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The browser's console messages since the last call. */
    public List<LogEntry> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    /** Waits for the one file the browser downloads as {@code name} (complete: not a .crdownload) and returns it. */
    public Path awaitDownload(String name, Duration timeout) {
        Path file = downloads.resolve(name);
        waiting(timeout)
                .until(d -> Files.isRegularFile(file) && !Files.exists(downloads.resolve(name + ".crdownload")));
        return file;
    }

    public Path downloads() {
        return downloads;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
