package dev.activitylog.it;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a hostile entry or a hostile page does to a signed-in admin's browser (headless Chromium): entries whose
 * fields hold bidirectional overrides and invisible characters must read as what they are, on the list, the entry
 * page and in the live tail; and a page of another origin must not use the console's session on the API.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrowserHardeningIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    /** Displays as "refund approved exe.ext $10,000 end" when the override is printed raw. */
    private static final String SPOOFED_DETAIL = "refund approved \u202E000,01$ txe.exe\u202C end";
    private static final String SHOWN_DETAIL = "refund approved \\u202e000,01$ txe.exe\\u202c end";
    /** Displays as "malloryadmin…" when printed raw, and reverses the page's text after it. */
    private static final String SPOOFED_ACTOR = "mallory\u202Enimda-" + RUN;
    private static final String SHOWN_ACTOR = "mallory\\u202enimda-" + RUN;
    private static final String SPOOFED_ACTION = "refund\u200B.approve\u2066";
    private static final String SHOWN_ACTION = "refund\\u200b.approve\\u2066";

    private static Browser browser;
    private static HttpServer otherOrigin;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @BeforeAll
    static void start() {
        browser = new Browser(Path.of(System.getProperty("it.downloads", "target/it-downloads"), "hardening-" + RUN));
    }

    @AfterAll
    static void stop() {
        if (otherOrigin != null) {
            otherOrigin.stop(0);
        }
        browser.close();
    }

    @Test
    void hiddenCharactersAreShownAndEveryFieldIsIsolated() {
        JsonObject e = Http.append(SPOOFED_ACTOR, SPOOFED_ACTION, "invoice/\u20667", SPOOFED_DETAIL);
        assertEquals(SPOOFED_DETAIL, e.getString("detail"), "stored exactly as given");
        browser.signInAsAdmin();
        browser.open("admin/?actor=" + enc(SPOOFED_ACTOR));
        WebElement row = browser.find("tr[data-seq='" + seq(e) + "']");
        assertShown(row, "td.actor", SHOWN_ACTOR);
        assertShown(row, "td.action", SHOWN_ACTION);
        assertShown(row, "td.subject", "invoice/\\u20667");
        assertShown(row, "td.detail", SHOWN_DETAIL);
        assertEquals("The filter actor holds characters that do not show: " + SHOWN_ACTOR, browser.find("#notes").getText(),
                "the filter field holds the actor as typed, and the page says what it holds");
        browser.screenshot("09-hidden-characters");

        browser.open("admin/entry.xhtml?seq=" + seq(e));
        assertShown(browser.find("#entry"), "#e-actor", SHOWN_ACTOR);
        assertEquals("entries of this actor", browser.find("#e-actor a").getText(), "the page's own text reads as written");
        assertShown(browser.find("#entry"), "#e-action", SHOWN_ACTION);
        assertShown(browser.find("#entry"), "#e-detail", SHOWN_DETAIL);
    }

    @Test
    void theLiveTailShowsHiddenCharactersToo() {
        Http.append(SPOOFED_ACTOR, "tail.before", "", "already there");
        browser.signInAsAdmin();
        browser.open("admin/?actor=" + enc(SPOOFED_ACTOR));
        assertTrue(browser.find("#live").isDisplayed());
        long s = seq(Http.append(SPOOFED_ACTOR, SPOOFED_ACTION, "", SPOOFED_DETAIL));
        WebElement row = browser.waiting().until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr.new[data-seq='" + s + "']")));
        assertShown(row, "td.actor", SHOWN_ACTOR);
        assertShown(row, "td.action", SHOWN_ACTION);
        assertShown(row, "td.detail", SHOWN_DETAIL);
    }

    @Test
    void aPageOfAnotherOriginCannotPostToTheApiWithTheSession() throws IOException {
        // Another port of the same host is the same site: SameSite=Lax lets the session cookie go along.
        String verify = Http.base().resolve("api/verify").toString();
        otherOrigin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherOrigin.createContext("/", exchange -> {
            byte[] page = ("<!DOCTYPE html><html><head><title>prize</title></head><body>"
                    + "<form method='post' action='" + verify + "'><button id='go' type='submit'>Claim</button></form>"
                    + "</body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        otherOrigin.start();

        browser.signInAsAdmin();
        browser.driver.get("http://127.0.0.1:" + otherOrigin.getAddress().getPort() + "/");
        browser.clickAndWait("#go");
        String answer = browser.driver.findElement(By.tagName("body")).getText();
        assertTrue(answer.contains("\"type\":\"CrossOrigin\""), answer);
        assertFalse(answer.contains("indexRowsChecked"), "no verification ran: " + answer);

        // The console's own pages still may: a script of this origin posts with the session.
        browser.open("admin/");
        Object status = ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin'})"
                        + ".then(function (r) { done(r.status); }, function (e) { done(String(e)); });", verify);
        assertEquals(200L, status);
    }

    /** The field shows the hidden characters as escapes, inside a bdi that isolates its direction. */
    private static void assertShown(WebElement container, String css, String expected) {
        String text = container.findElement(By.cssSelector(css)).getText();
        assertTrue(text.equals(expected) || text.startsWith(expected + " "), () -> css + ": " + text);
        WebElement bdi = container.findElement(By.cssSelector(css + " bdi"));
        assertEquals(expected, bdi.getText(), css);
        assertEquals("isolate", bdi.getCssValue("unicode-bidi"), css);
    }

    private static long seq(JsonObject entry) {
        return entry.getJsonNumber("seq").longValue();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
