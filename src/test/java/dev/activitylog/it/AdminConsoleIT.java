package dev.activitylog.it;

import dev.activitylog.testing.Tamper;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin console in a real headless Chromium: sign-in, access denied, paging, jumps, filters, an entry's page,
 * export downloads, the live tail and verification. Screenshots of the main views go to target/screenshots.
 * Waits are WebDriverWait conditions only.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConsoleIT {
    private static final String HOSTILE = "<script>alert('x')</script> \"quoted\" & <b>bold</b>";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static Browser browser;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private static Browser browser() {
        if (browser == null) {
            Path downloads = Path.of(System.getProperty("it.downloads", "target/it-downloads"), RUN);
            browser = new Browser(downloads);
        }
        return browser;
    }

    @Test
    @Order(1)
    void signInIsRequiredAndAUserWithoutTheRoleIsTurnedAway() {
        Browser b = browser();
        b.driver.manage().deleteAllCookies();
        b.open("admin/");
        assertEquals("Sign in – Activity log", b.driver.getTitle());
        assertEquals(b.driver.switchTo().activeElement(), b.find("#j_username"), "the user name field has focus");
        b.screenshot("01-login");

        b.login(Http.ADMIN_USER, "wrong password");
        assertTrue(b.find("#login-failed").getText().contains("Wrong user name or password"));

        b.open("admin/");
        b.login(Http.VIEWER_USER, Http.VIEWER_PASSWORD);
        assertEquals("Access denied", b.find("h1").getText());
        assertTrue(b.find("#denied").getText().contains(Http.VIEWER_USER));
        b.screenshot("07-access-denied");

        b.clickAndWait("#session\\:logout");
        assertTrue(b.find("#signed-out").getText().contains("signed out"));
        b.open("admin/");
        assertTrue(b.driver.findElements(By.id("j_username")).size() == 1, "signed out: the login form again");
    }

    @Test
    @Order(2)
    void listsNewestFirstEscapedAndPagesAllFourWays() {
        String actor = "console-" + RUN;
        seedForScreenshots();
        Http.append(actor, "order.cancel", "order/" + RUN, HOSTILE);
        long[] seq = new long[5];
        for (int i = 0; i < 5; i++) {
            seq[i] = seqOf(Http.append(actor, "page.test", "page/" + i, "entry " + i));
        }
        Browser b = browser().signInAsAdmin();
        b.open("admin/");
        WebElement hostileCell = b.find("tr[data-seq] td.detail");
        assertEquals("entry 4", hostileCell.getText(), "newest first");
        b.screenshot("02-entries");
        b.open("admin/?actor=" + enc(actor) + "&limit=10");
        assertEquals(HOSTILE, b.find("tbody tr:last-child td.detail").getText(), "shown as text, not markup");
        assertTrue(b.driver.findElements(By.cssSelector("#entries b")).isEmpty(), "no element from entry data");
        assertThrows(NoAlertPresentException.class, () -> b.driver.switchTo().alert());

        b.open("admin/?actor=" + enc(actor) + "&action=page.test&limit=2");
        assertEquals(List.of(seq[4], seq[3]), b.rows());
        b.clickAndWait("#next");
        assertEquals(List.of(seq[2], seq[1]), b.rows());
        b.clickAndWait("#next");
        assertEquals(List.of(seq[0]), b.rows());
        assertTrue(b.driver.findElements(By.id("next")).isEmpty(), "no older page after the oldest");
        b.clickAndWait("#previous");
        assertEquals(List.of(seq[2], seq[1]), b.rows());
        b.clickAndWait("#first");
        assertEquals(List.of(seq[4], seq[3]), b.rows());
        b.clickAndWait("#last");
        assertEquals(List.of(seq[1], seq[0]), b.rows(), "the oldest page holds the oldest two");

        // Jumps keep the filters: to a sequence number, then to the time of an entry.
        b.find("#j-seq").sendKeys(String.valueOf(seq[2]));
        b.clickAndWait("#go-seq");
        assertEquals(List.of(seq[2], seq[1]), b.rows());
        assertTrue(b.find("tr.highlight").getAttribute("data-seq").equals(String.valueOf(seq[2])));
        String time = Http.getJson("api/entries/" + seq[3]).getString("time");
        b.find("#j-at").sendKeys(time);
        b.clickAndWait("#go-time");
        assertEquals(List.of(seq[3], seq[2]), b.rows(), "the newest entry at or before that time is on top");

        // Keyboard: the first Tab reaches the skip link, and Enter on a row's link opens the entry.
        b.open("admin/?actor=" + enc(actor) + "&action=page.test&limit=2");
        b.driver.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertEquals("Skip to content", b.driver.switchTo().activeElement().getText());
        WebElement link = b.find("tr[data-seq='" + seq[4] + "'] td.seq a");
        WebElement html = b.driver.findElement(By.tagName("html"));
        link.sendKeys(Keys.ENTER);
        b.awaitReplaced(html);
        assertEquals(String.valueOf(seq[4]), b.find("#e-seq").getText());
    }

    @Test
    @Order(3)
    void filtersByActorActionTimeAndText() {
        String actor = "filter-" + RUN;
        JsonObject a = Http.append(actor, "doc.create", "doc/1", "Quarterly REPORT drafted");
        JsonObject b2 = Http.append(actor, "doc.edit", "doc/1", "typo fixed");
        JsonObject c = Http.append(actor, "doc.edit", "doc/2", "report figures updated");
        Browser b = browser().signInAsAdmin();

        b.find("#f-actor").sendKeys(actor);
        b.find("#f-action").sendKeys("doc.edit");
        b.clickAndWait("#apply");
        assertEquals(List.of(seqOf(c), seqOf(b2)), b.rows());
        assertEquals(actor, b.find("#f-actor").getAttribute("value"), "the form keeps the filter");

        b.find("#f-action").clear();
        b.find("#f-q").sendKeys("report");
        b.clickAndWait("#apply");
        assertEquals(List.of(seqOf(c), seqOf(a)), b.rows(), "text matches case-insensitively in the detail");
        b.screenshot("03-filtered");

        b.find("#f-q").clear();
        b.find("#f-from").sendKeys(b2.getString("time"));
        b.find("#f-to").sendKeys(c.getString("time"));
        b.clickAndWait("#apply");
        assertEquals(List.of(seqOf(b2)), b.rows(), "from inclusive, to exclusive");

        b.find("#f-q").sendKeys("no such text " + RUN);
        b.clickAndWait("#apply");
        assertTrue(b.rows().isEmpty());
        assertTrue(b.find("#empty").getText().contains("No entries match these filters"));
        b.screenshot("05-no-match");

        b.open("admin/?from=yesterday");
        assertTrue(b.find("#param-errors").getText().contains("'yesterday' is not a UTC time"));

        b.clickAndWait("#clear");
        assertEquals("", b.find("#f-actor").getAttribute("value"));
    }

    @Test
    @Order(4)
    void showsOneEntryInFull() {
        String actor = "detail-" + RUN;
        JsonObject older = Http.append(actor, "user.login", "user/7", "from 10.0.0.7");
        JsonObject e = Http.append(actor, "user.update", "user/7 <admin>", HOSTILE + "\nline two\n  indented");
        Browser b = browser().signInAsAdmin();
        b.open("admin/?actor=" + enc(actor));
        b.clickAndWait("tr[data-seq='" + seqOf(e) + "'] td.seq a");
        assertEquals(String.valueOf(seqOf(e)), b.find("#e-seq").getText());
        assertEquals("user/7 <admin>", b.find("#e-subject").getText());
        assertEquals(HOSTILE + "\nline two\n  indented", b.find("#e-detail").getText());
        assertTrue(b.find("#e-actor").getText().startsWith(actor));
        b.screenshot("04-entry");

        if (seqOf(older) == seqOf(e) - 1) {
            b.clickAndWait("#older");
            assertEquals(String.valueOf(seqOf(older)), b.find("#e-seq").getText());
        }
        b.open("admin/entry.xhtml?seq=999999999");
        assertTrue(b.find("#entry-problem").getText().contains("There is no entry 999999999"));
    }

    @Test
    @Order(5)
    void exportsTheFilterAsFiles() throws IOException {
        String actor = "download-" + RUN;
        for (int i = 0; i < 3; i++) {
            Http.append(actor, "file.download", "file/" + i, i == 1 ? HOSTILE + ", with comma" : "plain " + i);
        }
        Browser b = browser().signInAsAdmin();
        b.open("admin/?actor=" + enc(actor));
        b.find("#export-ndjson").click();
        Path nd = b.downloaded(".ndjson");
        List<String> lines = Files.readAllLines(nd, StandardCharsets.UTF_8);
        assertEquals(3, lines.size(), lines::toString);
        assertEquals("file/0", Http.json(lines.get(0)).getString("subject"), "oldest first");
        assertEquals(HOSTILE + ", with comma", Http.json(lines.get(1)).getString("detail"));

        b.find("#export-csv").click();
        Path csv = b.downloaded(".csv");
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("seq,time,actor,action,subject,detail,outcome,origin,correlation,attributes,problem\r\n"),
                text);
        assertTrue(text.contains(",\"file.download\",\"file/1\",\"<script>alert('x')</script> \"\"quoted\"\" & <b>bold</b>, with comma\","),
                text);
        assertEquals(4, text.split("\r\n").length);
    }

    @Test
    @Order(6)
    void newEntriesAppearLiveWithoutAReload() {
        String actor = "live-" + RUN;
        Http.append(actor, "tail.test", "before", "already there");
        Browser b = browser().signInAsAdmin();
        b.open("admin/?actor=" + enc(actor));
        WebElement live = b.find("#live");
        assertTrue(live.isDisplayed(), "the live tail runs on the newest page");
        WebElement page = b.driver.findElement(By.tagName("html"));

        long s1 = seqOf(Http.append(actor, "tail.test", "arrived", HOSTILE));
        long s2 = seqOf(Http.append("someone-else-" + RUN, "tail.test", "other", "not this filter"));
        long s3 = seqOf(Http.append(Map.of("actor", actor, "action", "tail.test", "subject", "arrived too",
                "detail", "second", "outcome", "FAILURE:com.example.Refused")));
        b.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-seq='" + s3 + "']")));
        assertTrue(b.find("#live-status").getText().contains("2 new entries"), b.find("#live-status").getText());
        assertEquals(List.of(s3, s1), b.rows().subList(0, 2), "newest first, the filter applies to the tail");
        assertFalse(b.rows().contains(s2));
        assertEquals(HOSTILE, b.find("tr[data-seq='" + s1 + "'] td.detail").getText(), "inserted as text");
        assertTrue(b.driver.findElements(By.cssSelector("#entries b")).isEmpty());
        WebElement failed = b.find("tr[data-seq='" + s3 + "']");
        assertTrue(failed.getAttribute("class").contains("failure"), "a failure is marked as in the list");
        assertEquals("FAILURE:com.example.Refused", failed.getAttribute("title"));
        assertFalse(b.find("tr[data-seq='" + s1 + "']").getAttribute("class").contains("failure"));
        assertFalse(Browser.isStale(page), "no reload happened");
        b.screenshot("06-live-tail");

        b.find("#live-toggle").click();
        assertEquals("Resume", b.find("#live-toggle").getText());
    }

    @Test
    @Order(7)
    void healthPageVerifiesOnDemandAndNamesAnEditedEntry() throws IOException {
        // Someone who can write the file edits an entry in place and fixes its CRC: only the hash chain can tell.
        long seq = Http.append("verify-" + UUID.randomUUID(), "invoice.approve", "invoice/77", "amount 100")
                .getJsonNumber("seq").longValue();
        Tamper.editInPlace(Path.of(System.getProperty("it.data.dir"), "log", "activity.log"), seq, "amount 100",
                "amount 900");

        Browser b = browser().signInAsAdmin();
        b.clickAndWait("a[href$='/admin/health.xhtml']");
        assertEquals("AVAILABLE", b.find("#healthState").getText());
        assertTrue(b.find("#healthPath").getText().endsWith("activity.log"));
        b.clickAndWait("#verify-form\\:verify-run");
        String report = b.find("#verify-report").getText();
        assertTrue(report.startsWith("Problems found"), report);
        // The shared IT log may hold RecoveryIT's deliberate bit rot too: the edit must be named among the problems.
        assertTrue(report.contains("entry " + seq + ": hash chain broken"), report);
        b.screenshot("08-health");
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static void seedForScreenshots() {
        Http.append("alice", "order.cancel", "order/4711", "customer asked by phone");
        Http.append("bob", "invoice.send", "invoice/2026-0042", "sent to billing@example.com");
        Http.append("carol", "user.role.grant", "user/dave", "granted role auditor (ticket OPS-118)");
    }

    private static long seqOf(JsonObject entry) {
        return entry.getJsonNumber("seq").longValue();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
