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
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payara Server with its index in PostgreSQL (failsafe execution {@code payara-postgres}, set up by
 * {@link PayaraIndex} as docs/deployment.md tells an operator): the application's rows, lines and anchors reach the
 * database, and an undeployment's close, on a server that stops the application's class loader before
 * {@code @PreDestroy}, still flushes the last rows and lines and anchors its closing checkpoint, so nothing waits for
 * the next start. The suite's other ITs of that execution run the same WAR against the same database.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SharedIndexIT {
    private static final String DEPLOYMENT = "shared-index";
    private static final String OF_NODE = " JOIN index_node n ON n.node_no = x.node_no WHERE n.node = ?";

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    void rowsLinesAndTheClosingAnchorReachPostgresql() throws Exception {
        PGSimpleDataSource index = PayaraIndex.dataSource();
        deployer.deploy(DEPLOYMENT);
        String actor = "shared-" + UUID.randomUUID();
        long entries;
        try {
            assertEquals(PayaraIndex.NODE, Http.getJson("api/health").getString("node"), "the node id the domain sets");
            for (int i = 0; i < 20; i++) {
                Http.append(actor, "test.shared", "entry-" + i, "");
            }
            entries = Http.getJson("api/health").getJsonNumber("entries").longValue();
        } finally {
            deployer.undeploy(DEPLOYMENT);
        }
        assertEquals(entries, count(index, "SELECT COUNT(*) FROM index_entry x" + OF_NODE), "a row per entry");
        // Every readable line (a line damaged in the file stays out of the copy: its row has no time).
        assertEquals(count(index, "SELECT COUNT(*) FROM index_entry x" + OF_NODE + " AND x.ts_micros IS NOT NULL"),
                count(index, "SELECT COUNT(DISTINCT seq) FROM index_line x" + OF_NODE), "every line copied");
        assertEquals(entries, count(index, "SELECT MAX(seq) FROM index_anchor x" + OF_NODE), "the last entry anchored");

        // Started again: the index is current, the merged view holds every line the close copied, and the cluster's
        // verify finds them all in agreement with the anchors.
        deployer.deploy(DEPLOYMENT);
        try {
            JsonObject page = Http.getJson("api/entries/cluster?limit=50&actor=" + actor);
            assertEquals(20, page.getJsonArray("entries").size(), page::toString);
            for (JsonObject e : page.getJsonArray("entries").getValuesAs(JsonObject.class)) {
                assertEquals(PayaraIndex.NODE, e.getString("node"));
            }
            JsonObject verify = Http.json(Http.post("api/verify/cluster", "").body());
            JsonObject node = verify.getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                    .filter(n -> n.getString("node").equals(PayaraIndex.NODE)).findFirst()
                    .orElseThrow(() -> new AssertionError("no report of " + PayaraIndex.NODE + ": " + verify));
            assertEquals(count(index, "SELECT COUNT(*) FROM index_line x" + OF_NODE), node.getJsonNumber("lines")
                    .longValue(), node::toString);
            assertTrue(node.getInt("anchorsChecked") > 0, node::toString);
            assertTrue(node.getJsonArray("problems").isEmpty(), node::toString);
        } finally {
            deployer.undeploy(DEPLOYMENT);
        }
    }

    private static long count(PGSimpleDataSource index, String sql) throws SQLException {
        try (Connection c = index.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, PayaraIndex.NODE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
