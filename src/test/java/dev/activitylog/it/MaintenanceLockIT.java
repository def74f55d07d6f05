package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.VerifyReport;
import jakarta.ejb.EJB;
import jakarta.json.Json;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * While the maintenance timer holds the WRITE lock, health and verify still answer, in-container and over HTTP: a
 * monitor must not see a 503, nor an operator's verify wait, because maintenance runs. {@link LockHolder} holds the
 * next tick's maintenance inside the lock for as long as the test wants; every call here would otherwise wait for it
 * and fail after the 10 s access timeout.
 */
@ExtendWith(ArquillianExtension.class)
class MaintenanceLockIT {
    @Deployment
    static WebArchive deployment() {
        return ServerHttp.addTo(LockHolder.bind(Deployments.packagedWar(MaintenanceLockIT.class, LockHolder.class), ""));
    }

    @EJB
    ActivityLog log;

    @Test
    void healthAndVerifyAnswerWhileMaintenanceHoldsTheWriteLock() throws Exception {
        LockHolder.arm("maintain");
        LockHolder.awaitHeld();  // the next tick (every 10 s) holds the WRITE lock from here on
        try {
            Health health = log.health();
            assertEquals(LogState.AVAILABLE, health.state(), health::toString);

            HttpResponse<String> r = ServerHttp.get("api/health");
            assertEquals(200, r.statusCode(), r::body);
            assertEquals("AVAILABLE", Json.createReader(new StringReader(r.body())).readObject().getString("state"));

            // Other ITs of the suite tamper with this log on purpose, so problems may be reported: what counts is that
            // verify read the whole file while appends (which would change its size) wait for the lock.
            VerifyReport report = log.verify();
            assertEquals(health.bytes(), report.bytes(), report::summary);
        } finally {
            LockHolder.release();
        }
    }
}
