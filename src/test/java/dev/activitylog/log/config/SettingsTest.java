package dev.activitylog.log.config;

import dev.activitylog.log.entity.Durability;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsTest {
    private static final UnaryOperator<String> NONE = k -> null;

    private static UnaryOperator<String> of(Map<String, String> values) {
        return values::get;
    }

    @Test
    void defaultsOnWildFlyUseTheServerDataDirectory() {
        Settings s = Settings.from(of(Map.of("jboss.server.data.dir", "/srv/wildfly/data", "user.dir", "/home/x")), NONE);
        assertEquals(Path.of("/srv/wildfly/data/activity-log"), s.directory());
        assertEquals(Settings.DEFAULT_DATASOURCE, s.dataSource());
        assertEquals(Durability.GROUP, s.durability());
        assertTrue(s.embeddedIndex());
    }

    @Test
    void defaultOnPayaraServerIsInTheDomainDirectory() {
        Settings s = Settings.from(of(Map.of(
                "com.sun.aas.instanceRoot", "/opt/payara6/glassfish/domains/domain1", "user.dir", "/home/x")), NONE);
        assertEquals(Path.of("/opt/payara6/glassfish/domains/domain1/activity-log"), s.directory());
    }

    @Test
    void defaultOnPayaraMicroIsNotItsTemporaryInstanceRoot() {
        // What Payara Micro 6.2025.9 sets (java -jar payara-micro.jar): the instance root is deleted when it stops.
        String runtime = "/tmp/payaramicro-rt3494391264624537236tmp";
        Settings s = Settings.from(of(Map.of(
                "com.sun.aas.instanceRoot", runtime,
                "fish.payara.micro.tmpdir", runtime,
                "fish.payara.micro.BootJar", "file:/opt/payara-micro-6.2025.9.jar",
                "product.name", "Payara Micro",
                "user.dir", "/srv/app")), NONE);
        assertEquals(Path.of("/srv/app/activity-log-data"), s.directory());

        // An embedded or uber-jar Micro may lack BootJar; its product name still says so.
        s = Settings.from(of(Map.of("com.sun.aas.instanceRoot", runtime, "product.name", "Payara Micro",
                "user.dir", "/srv/app")), NONE);
        assertEquals(Path.of("/srv/app/activity-log-data"), s.directory());
    }

    @Test
    void theSettingWinsOverEveryServerDefault() {
        Settings s = Settings.from(of(Map.of("activitylog.dir", "/var/audit",
                "jboss.server.data.dir", "/srv/wildfly/data", "com.sun.aas.instanceRoot", "/opt/domain1",
                "user.dir", "/home/x")), NONE);
        assertEquals(Path.of("/var/audit"), s.directory());
    }

    @Test
    void defaultsElsewhereUseTheWorkingDirectory() {
        Settings s = Settings.from(of(Map.of("user.dir", "/home/x")), NONE);
        assertEquals(Path.of("/home/x/activity-log-data"), s.directory());
    }

    @Test
    void systemPropertyWinsOverEnvironmentVariable() {
        Settings s = Settings.from(
                of(Map.of("activitylog.dir", "/from/property", "activitylog.durability", "none",
                        "activitylog.datasource", "java:jboss/datasources/AuditDS")),
                of(Map.of("ACTIVITYLOG_DIR", "/from/env", "ACTIVITYLOG_DURABILITY", "FSYNC",
                        "ACTIVITYLOG_DATASOURCE", "java:jboss/datasources/Other")));
        assertEquals(Path.of("/from/property"), s.directory());
        assertEquals(Durability.NONE, s.durability());
        assertEquals("java:jboss/datasources/AuditDS", s.dataSource());
        assertFalse(s.embeddedIndex());
    }

    @Test
    void aDeploymentsConfigWinsAndAnErrorNamesWhereTheValueCameFrom() {
        Map<String, Settings.Value> deployment = Map.of(
                "activitylog.dir", new Settings.Value("/from/deployment", "setting activitylog.dir (from the WAR)"),
                "activitylog.segmentBytes", new Settings.Value("64k", "setting activitylog.segmentBytes (from the WAR)"));
        Settings s = Settings.from(deployment::get, of(Map.of("activitylog.dir", "/from/property")),
                of(Map.of("ACTIVITYLOG_DIR", "/from/env")));
        assertEquals(Path.of("/from/deployment"), s.directory());
        assertEquals(64 << 10, s.segmentBytes());

        Map<String, Settings.Value> bad = Map.of("activitylog.durability",
                new Settings.Value("sometimes", "setting activitylog.durability (from the WAR)"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(bad::get, NONE, NONE));
        assertTrue(e.getMessage().startsWith("setting activitylog.durability (from the WAR) has an unsupported value"),
                e.getMessage());
    }

    @Test
    void environmentVariableWinsOverDefault() {
        Settings s = Settings.from(of(Map.of("jboss.server.data.dir", "/srv/data")),
                of(Map.of("ACTIVITYLOG_DIR", "/from/env", "ACTIVITYLOG_DURABILITY", " None ",
                        "ACTIVITYLOG_DATASOURCE", "java:jboss/datasources/AuditDS")));
        assertEquals(Path.of("/from/env"), s.directory());
        assertEquals(Durability.NONE, s.durability());
        assertEquals("java:jboss/datasources/AuditDS", s.dataSource());
    }

    @Test
    void blankValuesCountAsUnset() {
        Settings s = Settings.from(of(Map.of("activitylog.dir", " ", "activitylog.durability", "", "user.dir", "/w")),
                of(Map.of("ACTIVITYLOG_DIR", "/from/env")));
        assertEquals(Path.of("/from/env"), s.directory());
        assertEquals(Durability.GROUP, s.durability());
    }

    @Test
    void relativeDirectoryIsMadeAbsolute() {
        Settings s = Settings.from(of(Map.of("activitylog.dir", "logs/../audit")), NONE);
        assertTrue(s.directory().isAbsolute());
        assertEquals(Path.of("audit").toAbsolutePath(), s.directory());
    }

    @Test
    void badDurabilityNamesTheSettingAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(of(Map.of("activitylog.durability", "sometimes", "user.dir", "/w")), NONE));
        assertTrue(e.getMessage().contains("system property activitylog.durability"), e.getMessage());
        assertTrue(e.getMessage().contains("'sometimes'"), e.getMessage());
        assertTrue(e.getMessage().contains("FSYNC") && e.getMessage().contains("NONE"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(of(Map.of("user.dir", "/w")), of(Map.of("ACTIVITYLOG_DURABILITY", "async"))));
        assertTrue(e.getMessage().contains("environment variable ACTIVITYLOG_DURABILITY"), e.getMessage());
    }

    @Test
    void embeddedIndexLivesUnderTheLogDirectory() {
        assertEquals("jdbc:h2:retry:/var/log/audit/index/activity-index;DB_CLOSE_ON_EXIT=FALSE",
                Settings.embeddedIndexUrl(Path.of("/var/log/audit")));
    }

    @Test
    void aSemicolonInTheDirectoryCannotInjectH2Options() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.embeddedIndexUrl(Path.of("/tmp/x;INIT=RUNSCRIPT FROM 'evil.sql'")));
        assertTrue(e.getMessage().contains("activitylog.dir"), e.getMessage());
    }

    @Test
    void segmentsRollAt256MiBByDefaultAndTakeSizesWithSuffixesAndIsoAges() {
        Settings d = Settings.from(of(Map.of("user.dir", "/x")), NONE);
        assertEquals(256L << 20, d.segmentBytes());
        assertEquals(null, d.segmentAge());
        Settings s = Settings.from(of(Map.of("user.dir", "/x", "activitylog.segmentBytes", "64m",
                "activitylog.segmentAge", "P1D")), NONE);
        assertEquals(64L << 20, s.segmentBytes());
        assertEquals(java.time.Duration.ofDays(1), s.segmentAge());
        assertEquals(1L << 30, Settings.from(of(Map.of("user.dir", "/x")), k -> k.equals("ACTIVITYLOG_SEGMENT_BYTES")
                ? "1G" : null).segmentBytes());
    }

    @Test
    void aBadSegmentSettingNamesItselfAndWhatIsAllowed() {
        for (String bad : new String[]{"10", "lots", "-5m", "0", "9999999999g"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.from(of(Map.of(
                    "user.dir", "/x", "activitylog.segmentBytes", bad)), NONE));
            assertTrue(e.getMessage().contains("system property activitylog.segmentBytes") && e.getMessage().contains(bad),
                    e.getMessage());
        }
        for (String bad : new String[]{"1 day", "PT0S", "-P1D"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.from(of(Map.of(
                    "user.dir", "/x", "activitylog.segmentAge", bad)), NONE));
            assertTrue(e.getMessage().contains("activitylog.segmentAge"), e.getMessage());
        }
    }

    @Test
    void demoEntriesAreOffUnlessAskedForAndABadValueNamesItself() {
        assertFalse(Settings.from(of(Map.of("user.dir", "/x")), NONE).demo());
        assertTrue(Settings.from(of(Map.of("user.dir", "/x", "activitylog.demo", "TRUE")), NONE).demo());
        assertFalse(Settings.from(of(Map.of("user.dir", "/x", "activitylog.demo", "false")),
                k -> k.equals("ACTIVITYLOG_DEMO") ? "true" : null).demo(),
                "the system property wins over the environment");
        assertTrue(Settings.from(of(Map.of("user.dir", "/x")), k -> k.equals("ACTIVITYLOG_DEMO") ? "true" : null).demo());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Settings.from(of(Map.of(
                "user.dir", "/x", "activitylog.demo", "yes")), NONE));
        assertTrue(e.getMessage().contains("system property activitylog.demo") && e.getMessage().contains("yes"),
                e.getMessage());
    }

    @Test
    void theNodeIsNamedByTheSettingThenByTheServerAndABadIdNamesItsOrigin() {
        Map<String, String> wildfly = Map.of("jboss.node.name", "wf-1");
        assertEquals("wf-1", Settings.from(of(wildfly), NONE).node());
        assertEquals("env-node", Settings.from(of(wildfly), of(Map.of("ACTIVITYLOG_NODE", "env-node"))).node());
        assertEquals("set", Settings.from(of(Map.of("activitylog.node", "set", "jboss.node.name", "wf-1")),
                of(Map.of("ACTIVITYLOG_NODE", "env-node"))).node());
        assertEquals("payara-1", Settings.from(of(Map.of("com.sun.aas.instanceName", "payara-1")), NONE).node());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Settings.from(of(Map.of("activitylog.node", "a'; DROP TABLE x")), NONE));
        assertTrue(e.getMessage().contains("activitylog.node"), e.getMessage());
        assertTrue(e.getMessage().contains("not a node id"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Settings.from(of(Map.of("jboss.node.name", "x".repeat(65))), NONE));
    }
}
