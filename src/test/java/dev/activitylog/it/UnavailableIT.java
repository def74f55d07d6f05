package dev.activitylog.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A log file that cannot be opened (here: it is not an activity log) must not break the application: it deploys,
 * reports UNAVAILABLE with the reason, answers 503 to reads, the admin page says why, and the file stays untouched.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UnavailableIT {
    private static final String DEPLOYMENT = "unavailable";
    private static final String NOT_A_LOG = "id,name\n1,this is a spreadsheet export, not an activity log\n";

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar();
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void aLogThatCannotBeOpenedIsReportedEverywhere() throws Exception {
        Path dir = Path.of(System.getProperty("it.data.dir"), "log");
        Path logFile = dir.resolve("activity.log");
        Path saved = dir.resolve("activity.log.saved-by-UnavailableIT");
        boolean moved = false;
        boolean deployed = false;
        try {
            // Nothing is deployed between test classes, so the real log is closed and can be put aside.
            Files.createDirectories(dir);
            if (Files.exists(logFile)) {
                Files.move(logFile, saved, StandardCopyOption.REPLACE_EXISTING);
                moved = true;
            }
            Files.writeString(logFile, NOT_A_LOG);

            deployer.deploy(DEPLOYMENT);
            deployed = true;

            JsonObject health = Http.getJson("api/health");
            assertEquals("UNAVAILABLE", health.getString("state"), health::toString);
            String cause = health.getString("cause");
            assertTrue(cause.contains("not an activity log file") && cause.contains(logFile.toString()), cause);

            // Not ready (nothing can be appended), but alive and started: a restart would not open the file.
            MicroProfile.HealthAnswer ready = MicroProfile.health("ready");
            assertEquals(503, ready.status(), ready.body()::toString);
            assertEquals("DOWN", ready.check(MicroProfileHealthIT.READINESS).getString("status"));
            JsonObject readyData = ready.data(MicroProfileHealthIT.READINESS);
            assertEquals("UNAVAILABLE", readyData.getString("state"));
            assertTrue(readyData.getString("cause").contains("not an activity log file"), readyData::toString);
            assertEquals("the log is UNAVAILABLE", readyData.getString("down"));
            assertEquals(200, MicroProfile.health("live").status());
            assertEquals(200, MicroProfile.health("started").status());

            HttpResponse<String> entries = Http.get("api/entries");
            assertEquals(503, entries.statusCode(), entries::body);
            assertTrue(entries.headers().firstValue("Retry-After").isPresent(), "tells clients to come back");
            JsonObject error = Http.json(entries.body());
            assertEquals("LogUnavailableException", error.getString("type"));
            assertTrue(error.getString("error").contains("not an activity log file"), error::toString);
            assertEquals(503, Http.get("api/entries/1").statusCode());

            Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
            HttpResponse<String> page = admin.get("admin/");
            assertEquals(200, page.statusCode(), "the admin page renders for an unavailable log");
            assertTrue(page.body().contains("UNAVAILABLE"), page::body);
            assertTrue(page.body().contains("not an activity log file"), "and says why");

            HttpResponse<String> export = admin.get("admin/export?format=csv");
            assertEquals(503, export.statusCode(), export::body);
            assertEquals("10", export.headers().firstValue("Retry-After").orElse(null), "the export tells when to retry");
            assertEquals("no-store", export.headers().firstValue("Cache-Control").orElse(null));
            assertTrue(export.body().startsWith("Cannot export: ") && export.body().contains("not an activity log file"),
                    export::body);
            HttpResponse<String> tail = admin.get("admin/tail?after=0");
            assertEquals(503, tail.statusCode(), tail::body);
            assertEquals("UNAVAILABLE", Http.json(tail.body()).getString("state"));
            assertEquals("no-store", tail.headers().firstValue("Cache-Control").orElse(null));

            // The same in a browser, for the reviewers' screenshot of the error state.
            try (Browser browser = new Browser(Path.of(System.getProperty("it.downloads", "target/it-downloads")))) {
                browser.open("admin/");
                browser.login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
                assertTrue(browser.find("#log-down").getText().contains("not an activity log file"));
                browser.screenshot("09-unavailable");
            }

            assertEquals(NOT_A_LOG, Files.readString(logFile), "a file that is not a log is left untouched");
        } finally {
            if (deployed) {
                deployer.undeploy(DEPLOYMENT);
            }
            if (moved) {
                Files.move(saved, logFile, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(logFile);
            }
        }
    }
}
