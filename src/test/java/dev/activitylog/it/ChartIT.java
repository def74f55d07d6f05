package dev.activitylog.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The entry list's chart in a real browser: the filtered entries over time by action, drawn on the server, each bar
 * linking to its entries; and the histogram over the API it is drawn from. A screenshot goes to target/screenshots.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChartIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @Test
    void theListShowsItsEntriesOverTimeByActionAndABarListsItsEntries() {
        String actor = "chart-" + UUID.randomUUID().toString().substring(0, 8);
        String[] actions = {"doc.login", "doc.login", "doc.login", "doc.edit", "doc.edit", "doc.<delete>"};
        for (int i = 0; i < actions.length; i++) {
            Http.append(actor, actions[i], "doc/" + i, "");
        }

        JsonObject h = Http.getJson("api/entries/histogram?buckets=10&actor=" + enc(actor));
        assertEquals(List.of("doc.login", "doc.edit", "doc.<delete>"),
                h.getJsonArray("series").getValuesAs(JsonValue::toString).stream().map(s -> s.replace("\"", "")).toList());
        long total = 0;
        for (JsonObject bar : h.getJsonArray("bars").getValuesAs(JsonObject.class)) {
            JsonArray counts = bar.getJsonArray("counts");
            for (int i = 0; i < counts.size(); i++) {
                total += counts.getJsonNumber(i).longValue();
            }
        }
        assertEquals(actions.length, total, "every entry in one bar or another");
        assertEquals(400, Http.get("api/entries/histogram?buckets=0").statusCode());

        Path downloads = Path.of(System.getProperty("it.downloads", "target/it-downloads"), actor);
        try (Browser b = new Browser(downloads)) {
            b.signInAsAdmin();
            b.open("admin/?actor=" + enc(actor));
            WebElement chart = b.find("svg#activity-chart");
            List<WebElement> bars = chart.findElements(By.cssSelector("a.bar"));
            assertTrue(!bars.isEmpty(), "bars drawn");
            assertEquals(actions.length, bars.stream().mapToLong(a -> Long.parseLong(a.getAttribute("data-total"))).sum());
            String legend = chart.findElements(By.cssSelector("text.legend")).stream().map(WebElement::getText).toList()
                    .toString();
            assertEquals("[doc.login, doc.edit, doc.<delete>]", legend, "the caller's text shown as text");
            assertTrue(Files.isRegularFile(b.screenshot("chart")));
            assertEquals(String.valueOf(actions.length), b.find("#export-count").getText(), "an export's size, ahead");

            // A bar lists its entries: the same filter, narrowed to its time.
            long firstBar = Long.parseLong(bars.get(0).getAttribute("data-total"));
            b.clickAndWait("svg#activity-chart a.bar");
            assertTrue(b.driver.getCurrentUrl().contains("from="), b.driver.getCurrentUrl());
            assertEquals(firstBar, b.driver.findElements(By.cssSelector("#entries tr[data-seq]")).size());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
