package dev.mssqlbulk.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mssqlbulk.emulator.MssqlEmulator;
import dev.mssqlbulk.testing.Api;
import dev.mssqlbulk.testing.HeadlessChromium;
import dev.mssqlbulk.testing.MssqlTestResource;
import dev.mssqlbulk.testing.Sql;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real headless Chromium, as a person uses it: sign in, upload, watch, read errors, download,
 * cancel, query. Every page is saved as a screenshot under target/console-screenshots. After each test the browser's
 * console must hold no Content-Security-Policy violation: the console runs under the strict policy it is served with.
 */
@QuarkusTest
@WithTestResource(MssqlTestResource.class)
class ConsoleBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static HeadlessChromium browser;
    private static WebDriver driver;

    @TestHTTPResource("/console/")
    URL console;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(Path.of("target/console-downloads"));
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void freshTablesAndSignedOut() throws IOException {
        Sql.execute("DELETE FROM [dbo].[contact] WHERE [id] > 10");
        Sql.execute("DELETE FROM [dbo].[console_items]");
        driver.manage().window().setSize(new Dimension(1280, 800));
        driver.get(console.toString());
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        try (var files = Files.list(browser.downloads())) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    /** Other tests load contact's rows 1 to 3 and count the table: the demo file's rows 11 to 14 must go. */
    @AfterEach
    void leaveTheSharedTableAsFound() {
        MssqlTestResource.emulator().ifPresent(emulator -> emulator.faults().reset());
        Sql.execute("DELETE FROM [dbo].[contact] WHERE [id] > 10");
    }

    @AfterEach
    void noContentSecurityPolicyViolation() {
        List<String> violations = new ArrayList<>();
        for (LogEntry entry : browser.consoleMessages()) {
            if (entry.getMessage().contains("Content Security Policy")
                    || entry.getMessage().contains("Uncaught")) {
                violations.add(entry.getMessage());
            }
        }
        assertEquals(List.of(), violations, "the console ran into its CSP or threw");
    }

    @Test
    void aWrongCredentialStaysOnSignInAndAnExpiredOneReturnsThereWithTheApisMessage() {
        driver.get(console + "#/jobs");
        signIn("test-element-token", "not-the-secret");
        WebElement error = waitFor(By.cssSelector("#signin-message .error"));
        assertEquals("invalid element token or user secret", error.getText());
        assertEquals(null, sessionCredential(), "a refused credential is not kept");
        browser.screenshot("sign-in-refused");

        signIn("test-element-token", "test-user-secret");
        waitFor(By.cssSelector("#jobs"));
        assertEquals("Element test-element-token, User test-user-secret", sessionCredential());
        assertTrue(
                driver.manage().getCookies().isEmpty(),
                "no cookie: " + driver.manage().getCookies());
        assertFalse(driver.getCurrentUrl().contains("secret"), driver.getCurrentUrl());

        ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript(
                        "sessionStorage.setItem('mssql-bulk.authorization', 'Element test-element-token, User revoked')");
        driver.findElement(By.linkText("Upload")).click();
        assertEquals(
                "invalid element token or user secret",
                waitFor(By.cssSelector("#signin-message .error")).getText());
        assertEquals(null, sessionCredential());
        assertTrue(driver.findElement(By.id("nav")).getAttribute("hidden") != null, "navigation hidden");
    }

    @Test
    void theDemoCsvWithABadRowRunsToCompletionShowingExactlyThatRowAndItsFailedRowsDownload() throws Exception {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay to watch progress");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        signInAsTest();
        driver.findElement(By.linkText("Upload")).click();
        Select object = new Select(waitFor(By.id("upload-object")));
        waiting().until(d -> object.getOptions().size() > 1);
        object.selectByVisibleText("contact");
        waitFor(By.cssSelector("#object-fields-table"));
        assertTrue(
                driver.findElement(By.id("object-fields-table")).getText().contains("nvarchar(50)"),
                driver.findElement(By.id("object-fields-table")).getText());
        driver.findElement(By.id("upload-file"))
                .sendKeys(demo("contacts-with-bad-row.csv").toString());
        driver.findElement(By.id("upload-batch")).sendKeys("1");
        script("window.scrollTo(0, 0)");
        browser.screenshot("upload");
        emulator.faults().delayReplies(Duration.ofMillis(60));
        driver.findElement(By.id("start-upload")).click();

        waiting().until(ExpectedConditions.urlMatches("#/jobs/\\d+$"));
        String id = driver.getCurrentUrl().replaceAll(".*#/jobs/", "");
        List<Integer> percents = new ArrayList<>();
        waitFor(By.cssSelector("#job-progress .bar"));
        waiting().until(d -> {
            @SuppressWarnings("unchecked")
            List<String> shown = (List<String>) script("return [document.querySelector('#job-progress .bar')"
                    + ".getAttribute('aria-valuenow'), document.querySelector(\"#job-status dd[data-field='status']\")"
                    + ".textContent]");
            percents.add(Integer.parseInt(shown.get(0)));
            return shown.get(1).equals("COMPLETE");
        });
        emulator.faults().reset();
        assertTrue(percents.get(0) < 100, "the page saw the job before its end: " + percents);
        assertEquals(100, percents.get(percents.size() - 1));
        assertTrue(percents.stream().distinct().count() >= 3, "the bar moved while the page was open: " + percents);
        assertEquals("3", field("recordsSucceededCount"));
        assertEquals("1", field("recordsFailedCount"));

        List<WebElement> failed = waitFor(By.id("errors")).findElements(By.cssSelector("tbody tr"));
        assertEquals(1, failed.size());
        List<String> cells = failed.get(0).findElements(By.tagName("td")).stream()
                .map(WebElement::getText)
                .toList();
        assertEquals("3", cells.get(0), "data row 3");
        assertTrue(cells.contains("Knuth") && cells.contains("not-a-number"), cells.toString());
        assertEquals("0", cells.get(cells.size() - 2), "refused before the database");
        assertTrue(cells.get(cells.size() - 1).contains("balance"), cells.toString());
        browser.screenshot("job");

        driver.findElement(By.id("download-failed")).click();
        Path downloaded = browser.awaitDownload("job-" + id + "-failed.csv", WAIT);
        String expected = Api.asTest()
                .accept("text/csv")
                .queryParam("type", "failed")
                .get(Api.BASE + "/bulk/" + id + "/results")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(expected, Files.readString(downloaded, StandardCharsets.UTF_8));
        assertTrue(expected.contains("13,Donald,Knuth"), expected);

        driver.findElement(By.linkText("Jobs")).click();
        WebElement row = waitFor(By.cssSelector("#jobs tr[data-job='" + id + "']"));
        assertEquals("100", row.findElement(By.cssSelector(".bar")).getAttribute("aria-valuenow"));
        assertTrue(
                row.getText().contains("COMPLETE") && row.getText().contains("contacts-with-bad-row.csv"),
                row.getText());
        browser.screenshot("jobs");

        driver.manage().window().setSize(new Dimension(390, 844));
        waitFor(By.cssSelector("#jobs tr[data-job='" + id + "']"));
        assertFitsTheWidth();
        browser.screenshot("jobs-phone");
        driver.get(console + "#/jobs/" + id);
        waitFor(By.id("errors"));
        assertFitsTheWidth();
        browser.screenshot("job-phone");
    }

    @Test
    void cancellingALongJobAsksFirstThenEndsItCancelledWithTheRestUnprocessed() throws IOException {
        assumeTrue(MssqlTestResource.emulator().isPresent(), "needs the emulator's reply delay");
        MssqlEmulator emulator = MssqlTestResource.emulator().orElseThrow();
        Path file = browser.downloads().resolveSibling("console-long.csv");
        StringBuilder csv = new StringBuilder("id,label\n");
        for (int i = 1; i <= 2000; i++) {
            csv.append(i).append(",item ").append(i).append('\n');
        }
        Files.writeString(file, csv);
        signInAsTest();
        driver.findElement(By.linkText("Upload")).click();
        Select object = new Select(waitFor(By.id("upload-object")));
        waiting().until(d -> object.getOptions().size() > 1);
        object.selectByVisibleText("console_items");
        driver.findElement(By.id("upload-file")).sendKeys(file.toAbsolutePath().toString());
        driver.findElement(By.id("upload-batch")).sendKeys("10");
        emulator.faults().delayReplies(Duration.ofMillis(20));
        driver.findElement(By.id("start-upload")).click();
        waiting()
                .until(d -> !field("recordsSucceededCount").equals("0")
                        && !field("recordsSucceededCount").equals("–"));
        assertEquals("RUNNING", statusShown());

        driver.findElement(By.id("cancel-job")).click();
        WebElement dialog = waitFor(By.id("cancel-dialog"));
        assertTrue(dialog.isDisplayed());
        assertEquals("keep-running", driver.switchTo().activeElement().getAttribute("id"), "the safe choice has focus");
        browser.screenshot("cancel-confirm");
        driver.findElement(By.id("confirm-cancel")).click();

        waiting().until(d -> statusShown().equals("CANCELLED"));
        emulator.faults().reset();
        long succeeded = Long.parseLong(field("recordsSucceededCount").replace(",", ""));
        long unprocessed = Long.parseLong(field("recordsUnprocessedCount").replace(",", ""));
        assertTrue(succeeded > 0 && succeeded < 2000, "stopped part way: " + succeeded);
        assertEquals(2000, succeeded + unprocessed);
        assertTrue(driver.findElements(By.id("cancel-job")).isEmpty(), "no Cancel once ended");
        String id = driver.getCurrentUrl().replaceAll(".*#/jobs/", "");
        Api.status(id).then().body("status", org.hamcrest.Matchers.equalTo("CANCELLED"));
        browser.screenshot("job-cancelled");
    }

    @Test
    void aQueryWithASyntaxErrorIsMarkedAtItsPositionThenAGoodOneRunsAndDownloadsAsCsv() throws IOException {
        Api.awaitEnd(Api.upload("console_items", "id,label\n1,one\n2,\"two, too\"\n3,three\n4,four\n", null), WAIT);
        signInAsTest();
        driver.findElement(By.linkText("Download")).click();
        WebElement query = waitFor(By.id("query"));
        String bad = "select id, label form console_items";
        query.sendKeys(bad);
        WebElement mistake = waitFor(By.id("query-mistake"));
        String apiMessage = Api.asTest()
                .queryParam("q", bad)
                .get(Api.BASE + "/bulk/query/check")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath()
                .getString("message");
        assertEquals("form", mistake.getText());
        assertEquals(String.valueOf(bad.indexOf("form") + 1), mistake.getAttribute("data-position"));
        assertTrue(apiMessage.contains("at position " + (bad.indexOf("form") + 1)), apiMessage);
        assertEquals(
                apiMessage,
                driver.findElement(By.cssSelector("#query-check .error")).getText());
        assertEquals("true", query.getAttribute("aria-invalid"));
        browser.screenshot("download-query-error");

        query.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        query.sendKeys("select id, label from console_items where id <= 3 order by id desc");
        waitFor(By.id("query-ok"));
        driver.findElement(By.id("start-download")).click();
        waiting().until(ExpectedConditions.urlMatches("#/jobs/\\d+$"));
        String id = driver.getCurrentUrl().replaceAll(".*#/jobs/", "");
        waiting().until(d -> statusShown().equals("COMPLETE"));
        waitFor(By.id("download-csv")).click();
        Path downloaded = browser.awaitDownload("console_items-" + id + ".csv", WAIT);
        String expected = Api.asTest()
                .accept("text/csv")
                .get(Api.BASE + "/bulk/" + id + "/console_items")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertEquals(expected, Files.readString(downloaded, StandardCharsets.UTF_8));
        assertEquals(
                List.of("id,label", "3,three", "2,\"two, too\"", "1,one"),
                expected.lines().toList());
        browser.screenshot("download-job");
    }

    @Test
    void aFieldHoldingAScriptTagRendersAsText() {
        String script = "<script>alert(1)</script>";
        String path = "<img src=x onerror=alert(2)>";
        String id = Api.asTest()
                .queryParam("path", path)
                .multiPart(
                        "file",
                        "x.csv",
                        ("id,label\nnot-a-number," + script + "\n2,fine\n").getBytes(StandardCharsets.UTF_8),
                        "text/csv")
                .post(Api.BASE + "/bulk/console_items")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("id");
        Api.awaitEnd(id, WAIT);
        signInAsTest();
        driver.get(console + "#/jobs/" + id);
        WebElement errors = waitFor(By.id("errors"));
        List<String> cells = errors.findElements(By.cssSelector("tbody td")).stream()
                .map(WebElement::getText)
                .toList();
        assertTrue(cells.contains(script), cells.toString());
        assertEquals(path, field("path"));
        assertTrue(driver.findElements(By.cssSelector("main script, main img")).isEmpty(), "no element was made");
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        browser.screenshot("job-script-as-text");

        driver.findElement(By.linkText("Jobs")).click();
        WebElement row = waitFor(By.cssSelector("#jobs tr[data-job='" + id + "']"));
        assertTrue(row.getText().contains(path), row.getText());
        assertTrue(driver.findElements(By.cssSelector("main script, main img")).isEmpty());
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
    }

    @Test
    void theConsoleIsServedWithAStrictContentSecurityPolicyAndNoInlineScriptAndSlashlessPathRedirects() {
        for (String path : List.of("/console/", "/console/js/app.js", "/console/console.css")) {
            var reply = Api.as("").get(path).then().statusCode(200).extract();
            String policy = reply.header("Content-Security-Policy");
            assertTrue(
                    policy.contains("default-src 'none'")
                            && policy.contains("script-src 'self'")
                            && policy.contains("frame-ancestors 'none'")
                            && !policy.contains("unsafe"),
                    path + ": " + policy);
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), path);
            assertEquals("DENY", reply.header("X-Frame-Options"), path);
        }
        Api.as("")
                .redirects()
                .follow(false)
                .get("/console")
                .then()
                .statusCode(301)
                .header("Location", "console/");
        String page = Api.as("").get("/console/").then().extract().asString();
        var scripts = java.util.regex.Pattern.compile("<script[^>]*>")
                .matcher(page)
                .results()
                .map(java.util.regex.MatchResult::group)
                .toList();
        assertTrue(!scripts.isEmpty() && scripts.stream().allMatch(tag -> tag.contains(" src=")), scripts.toString());
        assertFalse(page.matches("(?s).*\\son[a-z]+=.*"), "no inline event handler");
        assertFalse(page.contains("style="), "no inline style");
    }

    @Test
    void signingInWorksFromTheKeyboardAlone() {
        driver.get(console.toString());
        WebElement token = waitFor(By.id("element-token"));
        assertEquals(token, driver.switchTo().activeElement(), "the first field has focus");
        token.sendKeys("test-element-token", Keys.TAB);
        driver.switchTo().activeElement().sendKeys("test-user-secret", Keys.ENTER);
        waitFor(By.id("jobs"));
        browser.screenshot("jobs-after-keyboard-sign-in");
    }

    private void signInAsTest() {
        driver.get(console + "#/jobs");
        signIn("test-element-token", "test-user-secret");
        waitFor(By.id("jobs"));
    }

    private void signIn(String token, String secret) {
        WebElement tokenField = waitFor(By.id("element-token"));
        tokenField.clear();
        tokenField.sendKeys(token);
        WebElement secretField = driver.findElement(By.id("user-secret"));
        secretField.clear();
        secretField.sendKeys(secret);
        driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    }

    private String sessionCredential() {
        return (String) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return sessionStorage.getItem('mssql-bulk.authorization')");
    }

    /** The status the job page shows; read in one script call, as the page redraws it on every event. */
    private String statusShown() {
        return field("status");
    }

    private String field(String name) {
        waitFor(By.cssSelector("#job-status dd[data-field='" + name + "']"));
        return (String)
                script("return document.querySelector(\"#job-status dd[data-field='" + name + "']\").textContent");
    }

    private Object script(String script) {
        return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script);
    }

    private void assertFitsTheWidth() {
        Object overflow = ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(((Number) overflow).longValue() <= 0, "the page scrolls sideways by " + overflow + " px");
    }

    private WebElement waitFor(By locator) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private org.openqa.selenium.support.ui.WebDriverWait waiting() {
        return browser.waiting(WAIT);
    }

    private static Path demo(String name) throws URISyntaxException {
        return Path.of(ConsoleBrowserTest.class
                .getClassLoader()
                .getResource("demo/" + name)
                .toURI());
    }
}
