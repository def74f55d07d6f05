package dev.activitylog.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log's MicroProfile Health checks as the platform's probes see them (WildFly: the management port, Payara: the
 * HTTP port). The unavailable and the damaged log are in UnavailableIT and RecoveryIT, which make them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MicroProfileHealthIT {
    static final String STARTUP = "activity-log-startup";
    static final String LIVENESS = "activity-log-liveness";
    static final String READINESS = "activity-log-readiness";
    private static final Map<String, String> CHECKS = Map.of("started", STARTUP, "live", LIVENESS, "ready", READINESS);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @Test
    void aHealthyLogIsStartedLiveAndReady() {
        Http.append("mp-health-it", "test.health", "probe", "");  // a log that has been written to
        CHECKS.forEach((endpoint, name) -> {
            MicroProfile.HealthAnswer answer = MicroProfile.health(endpoint);
            assertEquals(200, answer.status(), answer.body()::toString);
            assertEquals("UP", answer.check(name).getString("status"), answer.body()::toString);
            assertEquals("AVAILABLE", answer.data(name).getString("state"));
            assertFalse(answer.data(name).containsKey("down"), answer.body()::toString);
        });

        MicroProfile.HealthAnswer ready = MicroProfile.health("ready");
        assertEquals(100_000, ready.number(READINESS, "indexLagBound"));
        assertTrue(ready.number(READINESS, "indexLag") < 100_000, ready.body()::toString);
        assertTrue(ready.number(READINESS, "corruptEntries") >= 0);
        assertTrue(ready.number(READINESS, "writeLockHeldMillis") < 10_000, ready.body()::toString);
        MicroProfile.HealthAnswer live = MicroProfile.health("live");
        assertTrue(live.number(LIVENESS, "fsyncMillis") < 60_000, live.body()::toString);

        MicroProfile.HealthAnswer all = MicroProfile.health("");
        assertEquals(200, all.status(), all.body()::toString);
        CHECKS.values().forEach(all::check);  // all three in the server's overall answer
        for (String name : CHECKS.values()) {
            String data = all.data(name).toString();
            assertFalse(data.contains(System.getProperty("it.data.dir")), "no path in the open answer: " + data);
        }

        // The application's own endpoint is as it was: open, with the state and its cause only.
        JsonObject open = Http.json(Http.anonymous("api/health").body());
        assertEquals("AVAILABLE", open.getString("state"));
        assertTrue(Set.of("state", "cause").containsAll(open.keySet()), open::toString);
    }
}
