package dev.activitylog.it;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash mid-write leaves a torn line and garbage at the end of the file. The next deployment must cut exactly those
 * bytes aside (kept in a side file), say so in its health, and keep every entry written before.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RecoveryIT {
    private static final String DEPLOYMENT = "recovery";

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void tornTailIsCutAsideAndEarlierEntriesSurvive() throws Exception {
        Path logFile = Path.of(System.getProperty("it.data.dir"), "log", "activity.log");
        List<JsonObject> written = new ArrayList<>();
        boolean deployed = false;
        try {
            deployer.deploy(DEPLOYMENT);
            deployed = true;
            String actor = "recovery-" + UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                written.add(Http.append(actor, "test.recovery", "before-crash/" + i, "entry " + i + " ✓"));
            }

            // The server is gone (undeployed: the file is closed and unlocked), then the disk shows a torn write.
            deployer.undeploy(DEPLOYMENT);
            deployed = false;
            long goodSize = Files.size(logFile);
            byte[] damage = damage(written.get(written.size() - 1).getJsonNumber("seq").longValue() + 1);
            Files.write(logFile, damage, StandardOpenOption.APPEND);

            deployer.deploy(DEPLOYMENT);
            deployed = true;

            JsonObject health = Http.getJson("api/health");
            assertEquals("AVAILABLE", health.getString("state"), health::toString);
            assertEquals(goodSize, health.getJsonNumber("fileSize").longValue(), "the file is cut back to its last entry");
            JsonObject report = health.getJsonObject("lastRecovery");
            assertEquals(damage.length, report.getJsonNumber("bytesCut").longValue(), report::toString);
            // The undeployment closed the index cleanly (on Payara too, whose class loader is stopped before
            // @PreDestroy): only the tail is recovered, the index is trusted, not rebuilt.
            assertFalse(report.getBoolean("indexRebuilt"), report::toString);
            assertFalse(report.getJsonArray("actions").toString().contains("not shut down cleanly"), report::toString);
            assertEquals(goodSize + damage.length, report.getJsonNumber("fileSizeBefore").longValue());
            Path cutFile = Path.of(report.getString("cutFile"));
            assertEquals(logFile.getParent().toRealPath(), cutFile.getParent().toRealPath(), "side file next to the log");
            assertTrue(report.getJsonArray("actions").toString().contains(cutFile.getFileName().toString()),
                    () -> "the report names the side file: " + report);
            assertArrayEquals(damage, Files.readAllBytes(cutFile), "the side file holds exactly the cut bytes");
            assertEquals(goodSize, Files.size(logFile));

            for (JsonObject before : written) {
                JsonObject after = Http.getJson("api/entries/" + before.getJsonNumber("seq").longValue());
                assertEquals(before, after, "an entry written before the damage must read back unchanged");
            }

            // Appends go on after the cut, and the torn sequence number is reused by a real entry.
            JsonObject next = Http.append("recovery-after", "test.recovery", "after-crash", "");
            assertEquals(written.get(written.size() - 1).getJsonNumber("seq").longValue() + 1,
                    next.getJsonNumber("seq").longValue());
            HttpResponse<String> nextRead = Http.get("api/entries/" + next.getJsonNumber("seq").longValue());
            assertEquals(200, nextRead.statusCode(), nextRead::body);
        } finally {
            if (deployed) {
                deployer.undeploy(DEPLOYMENT);
            }
        }
    }

    @Test
    void aDamagedEntryInsideTheLogIsReportedNotHiddenAndItsNeighboursStayReadable() throws Exception {
        Path logFile = Path.of(System.getProperty("it.data.dir"), "log", "activity.log");
        String actor = "bitrot-" + UUID.randomUUID();
        String marker = "rot-me-" + UUID.randomUUID();
        boolean deployed = false;
        try {
            deployer.deploy(DEPLOYMENT);
            deployed = true;
            JsonObject before = Http.append(actor, "test.bitrot", "before", "intact");
            JsonObject damaged = Http.append(actor, "test.bitrot", "damaged", marker);
            JsonObject after = Http.append(actor, "test.bitrot", "after", "intact");
            deployer.undeploy(DEPLOYMENT);
            deployed = false;

            // One flipped bit inside an entry that is already indexed (as disks and bad RAM do).
            byte[] bytes = Files.readAllBytes(logFile);
            int at = indexOf(bytes, marker.getBytes(StandardCharsets.UTF_8));
            assertTrue(at > 0, "marker not found in the log file");
            bytes[at] ^= 0x20;
            Files.write(logFile, bytes);

            deployer.deploy(DEPLOYMENT);
            deployed = true;
            long seq = damaged.getJsonNumber("seq").longValue();

            HttpResponse<String> read = Http.get("api/entries/" + seq);
            assertEquals(500, read.statusCode(), read::body);
            JsonObject error = Http.json(read.body());
            assertEquals("CorruptEntryException", error.getString("type"));
            assertTrue(error.getString("error").contains("entry " + seq + " is corrupt"), error::toString);

            JsonObject page = Http.getJson("api/entries?actor=" + actor);
            assertEquals(List.of(after, before), page.getJsonArray("entries"), "the neighbours read back unchanged");
            assertEquals(List.of(seq), page.getJsonArray("corrupt").getValuesAs(JsonNumber::longValue),
                    "a corrupt entry in range is listed, not silently skipped");

            JsonObject health = Http.getJson("api/health");
            assertTrue(health.getJsonArray("corruptSeq").toString().contains(String.valueOf(seq)), health::toString);
            // Damage is data for the platform's probes, never DOWN: a restart cannot repair the file.
            MicroProfile.HealthAnswer ready = MicroProfile.health("ready");
            assertEquals(200, ready.status(), ready.body()::toString);
            assertTrue(ready.number(MicroProfileHealthIT.READINESS, "corruptEntries") >= 1, ready.body()::toString);
            JsonObject report = Http.json(Http.post("api/verify", "").body());
            assertFalse(report.getJsonArray("problems").isEmpty(), report::toString);
            ready = MicroProfile.health("ready");
            assertEquals(200, ready.status(), "a failed verify leaves the log ready: " + ready.body());
            assertTrue(ready.number(MicroProfileHealthIT.READINESS, "verifyProblems") >= 1, ready.body()::toString);
            MicroProfile.HealthAnswer live = MicroProfile.health("live");
            assertEquals(200, live.status(), live.body()::toString);
            assertTrue(live.number(MicroProfileHealthIT.LIVENESS, "corruptEntries") >= 1, live.body()::toString);
            String admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD).get("admin/?limit=200").body();
            assertTrue(admin.contains("Corrupt entries in this range"), "the admin page says entries are damaged");
        } finally {
            if (deployed) {
                deployer.undeploy(DEPLOYMENT);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** What a crash mid-append leaves: the start of the next line without its end, then garbage from the disk. */
    private static byte[] damage(long nextSeq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((nextSeq + "\t2026-11-26T10:15:30.123456Z\trecovery\ttest.recov").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[]{0, 0, 0, 0, 0, 0, 0, 0});
        out.writeBytes("\u0000garbage \u00ff\u00fe\n#not-a-line\tdeadbeef".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }
}
