package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.config.Settings;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import jakarta.ejb.EJB;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What differs between the servers, checked where it matters, in-container, on each server the suite runs on: which H2
 * runs the index (Payara ships its own, older one), that the module's {@code @DataSourceDefinition} with its own data
 * source class is honoured and follows {@code activitylog.dir}, that Flyway found the migrations inside the deployed
 * WAR, and the portable JNDI names of the business interface.
 */
@ExtendWith(ArquillianExtension.class)
class PlatformIT {
    @Deployment
    static WebArchive deployment() {
        WebArchive war = Deployments.packagedWar(PlatformIT.class, BundledH2.class);
        return war.addAsResource(new StringAsset(Deployments.bundledH2Version(war)), BundledH2.RESOURCE);
    }

    @EJB
    ActivityLog log;

    @Test
    void theIndexRunsOnTheH2InTheWarNotTheServersOwn() throws Exception {
        String expected = BundledH2.version();
        try (Connection c = index().getConnection()) {
            String running = c.getMetaData().getDatabaseProductVersion();
            assertTrue(running.startsWith(expected + " "), () -> "the index database runs on H2 " + running
                    + ", the WAR bundles " + expected + " (Payara: WEB-INF/glassfish-web.xml delegate=false)");
        }
        // What the module's classes load (the engine, EmbeddedIndexDataSource): the WAR's H2 too.
        Class<?> constants = Class.forName("org.h2.engine.Constants", true, Settings.class.getClassLoader());
        assertEquals(expected, constants.getField("VERSION").get(null));
    }

    @Test
    void theModulesDataSourceDefinitionIsHonouredAndFollowsTheConfiguredDirectory() throws Exception {
        Path dir = Settings.current().directory();
        // The suite sets -Dactivitylog.dir on both servers.
        assertEquals(Path.of(System.getProperty("activitylog.dir")).toAbsolutePath().normalize(), dir);
        Health health = log.health();
        assertEquals(LogState.AVAILABLE, health.state(), health::cause);
        assertEquals(dir.resolve("activity.log").toString(), health.path());
        try (Connection c = index().getConnection()) {
            // EmbeddedIndexDataSource computed this URL; a server that ignored the class would have no such URL.
            String url = c.getMetaData().getURL();
            assertTrue(url.startsWith("jdbc:h2:retry:" + Settings.embeddedIndexFile(dir)), url);
        }
    }

    @Test
    void flywayFoundTheMigrationsInsideTheDeployedWar() throws Exception {
        List<String> applied = new ArrayList<>();
        try (Connection c = index().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
        }
        assertTrue(applied.contains("1"), () -> "migrations applied: " + applied);
    }

    @Test
    void theBusinessInterfaceHasTheSamePortableJndiNamesOnEveryServer() throws NamingException {
        String bean = "ActivityLog!" + ActivityLog.class.getName();
        for (String name : List.of("java:module/" + bean, "java:app/activity-log/" + bean,
                "java:global/activity-log/" + bean, "java:app/activity-log/ActivityLog")) {
            ActivityLog found = InitialContext.doLookup(name);
            assertEquals(LogState.AVAILABLE, found.health().state(), name);
        }
    }

    static DataSource index() throws NamingException {
        return InitialContext.doLookup(Settings.DEFAULT_DATASOURCE);
    }
}
