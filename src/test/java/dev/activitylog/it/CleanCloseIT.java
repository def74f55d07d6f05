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

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * An undeployment closes the log cleanly on every server, so the next start trusts the index instead of rebuilding it
 * from the file. On Payara the WAR's class loader is already stopped when {@code @PreDestroy} runs: a class first
 * needed while closing made the close fail there, silently (logged at FINE), and every start rebuilt the index.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class CleanCloseIT {
    private static final String DEPLOYMENT = "clean-close";

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void theNextStartFindsTheIndexClosedCleanly() {
        boolean deployed = false;
        try {
            deployer.deploy(DEPLOYMENT);
            deployed = true;
            String actor = "clean-close-" + UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                Http.append(actor, "test.close", "s" + i, "entry " + i);
            }
            deployer.undeploy(DEPLOYMENT);
            deployed = false;

            deployer.deploy(DEPLOYMENT);
            deployed = true;
            JsonObject recovery = Http.getJson("api/health").getJsonObject("lastRecovery");
            assertFalse(recovery.getBoolean("indexRebuilt"), recovery::toString);
            assertFalse(recovery.getJsonArray("actions").toString().contains("not shut down cleanly"),
                    recovery::toString);
            assertEquals(3, Http.getJson("api/entries?actor=" + actor).getJsonArray("entries").size());
        } finally {
            if (deployed) {
                deployer.undeploy(DEPLOYMENT);
            }
        }
    }
}
