package dev.activitylog.it;

import dev.activitylog.log.boundary.ActivityLog;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.EntryRemovedException;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.LogState;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.VerifyReport;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Rolls and retention through the EJB while appending, in a deployment of its own settings: 64 KiB segments, at most
 * 256 KiB kept, the rest archived by the maintenance timer. The settings are the WAR's MicroProfile Config file, with
 * an ordinal above the system properties, so this deployment's log lives apart from the one the other tests share,
 * under a node id of its own: with a shared index (the Payara suite's PostgreSQL run), another log under the suite's
 * node id would be, to that node's anchors, its log cut short.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SegmentsIT {
    private static final long RETAINED = 256 << 10;
    private static final long SEGMENT = 64 << 10;
    private static final String DETAIL = "x".repeat(900);

    @Deployment
    static WebArchive deployment() {
        String dir = Path.of(System.getProperty("it.data.dir"), "segments-" + System.nanoTime()).toString();
        return Deployments.packagedWar(SegmentsIT.class).addAsResource(new StringAsset(String.join("\n",
                "config_ordinal=500",
                "activitylog.dir=" + dir,
                "activitylog.segmentBytes=" + (SEGMENT >> 10) + "k",
                "activitylog.retention=" + (RETAINED >> 10) + "k",
                "activitylog.retentionAction=archive")), "META-INF/microprofile-config.properties");
    }

    @EJB
    ActivityLog log;

    @Resource
    ManagedThreadFactory threadFactory;

    @Test
    @Order(1)
    void segmentsRollAndRetentionArchivesTheOldestWhileAppendsGoOn() throws Exception {
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        long firstRecord = Long.MAX_VALUE;
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor(threadFactory);
        try {
            Future<?> appender = pool.submit(() -> {
                // Until retention has archived twice: it keeps the disk used bounded meanwhile.
                for (int i = 0; !stop.get(); i++) {
                    Entry e = log.append(NewEntry.of("seg-it", "seg.append", "item/" + i, DETAIL));
                    acknowledged.put(e.seq(), e.subject());
                }
                return null;
            });
            // The maintenance timer archives every 10 s; reads go on meanwhile, of entries kept or archived.
            // Until two segments are archived and an append was acknowledged after the first record: appends go on
            // while retention runs. The first record is noted when seen, as records go into the archive too.
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!appender.isDone()) {
                List<Entry> records = archiveRecords();
                if (!records.isEmpty()) {
                    firstRecord = Math.min(firstRecord, records.get(records.size() - 1).seq());
                }
                long after = firstRecord;
                if (records.size() >= 2 && acknowledged.keySet().stream().anyMatch(seq -> seq > after)) {
                    break;
                }
                assertTrue(System.nanoTime() < deadline, "in 2 minutes, retention archived " + records.size()
                        + " segments, appends acknowledged after its first record: none");
                List<Long> seqs = List.copyOf(acknowledged.keySet());
                if (!seqs.isEmpty()) {
                    readKeptOrArchived(seqs.get(ThreadLocalRandom.current().nextInt(seqs.size())));
                }
                pause();
            }
            stop.set(true);
            appender.get(2, TimeUnit.MINUTES);
            // Retention removes the oldest segments while the log holds more than the limit: once it holds no more,
            // with appends stopped, nothing changes any longer.
            while (keptBytes() > RETAINED) {
                assertTrue(System.nanoTime() < deadline, "retention left " + keptBytes() + " bytes in 2 minutes");
                pause();
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES), "the appender did not stop");
        }

        List<SegmentInfo> segments = log.segments();
        assertTrue(segments.stream().filter(s -> s.state() == SegmentInfo.State.ARCHIVED).count() >= 2, segments::toString);
        assertEquals(SegmentInfo.State.ACTIVE, segments.get(segments.size() - 1).state(), segments::toString);
        assertEquals(1, segments.get(0).firstSeq(), "the first archived segment starts at entry 1");
        for (int i = 1; i < segments.size(); i++) {
            assertEquals(segments.get(i - 1).lastSeq() + 1, segments.get(i).firstSeq(),
                    "segments follow each other without a gap or an overlap: " + segments);
        }
        long firstKept = segments.stream().filter(s -> s.state() != SegmentInfo.State.ARCHIVED).findFirst()
                .orElseThrow().firstSeq();

        // Every acknowledged entry is readable, or archived where the log says.
        for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
            if (a.getKey() >= firstKept) {
                assertEquals(Optional.of(a.getValue()), log.read(a.getKey()).map(Entry::subject), "entry " + a.getKey());
            } else {
                assertArchived(a.getKey());
            }
        }


        // The trail says what became of the trail: a record per archived segment, naming it. A record is an entry
        // like any other, so those in segments archived later went into the archive with them; the newest, naming
        // the last segment removed, is always in the log.
        Set<String> archivedNames = new HashSet<>();
        segments.stream().filter(s -> s.state() == SegmentInfo.State.ARCHIVED)
                .forEach(s -> archivedNames.add(Path.of(s.file()).getFileName().toString().replace(".gz", "")));
        List<Entry> records = archiveRecords();
        assertEquals(records.size(), records.stream().map(Entry::subject).distinct().count(),
                "no segment recorded twice: " + records);
        SegmentInfo lastArchived = segments.stream().filter(s -> s.state() == SegmentInfo.State.ARCHIVED)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(Path.of(lastArchived.file()).getFileName().toString().replace(".gz", ""), records.get(0).subject(),
                "the newest record names the last segment removed");
        for (Entry r : records) {
            assertEquals("activity-log", r.actor());
            assertTrue(archivedNames.contains(r.subject()), r.subject() + " in " + archivedNames);
            assertTrue(r.detail().contains("sealed-hash="), r.detail());
        }

        VerifyReport report = log.verify();
        assertTrue(report.ok(), report.summary());
        // Each segment's last check: verify's for those in the log, the read-back of retention's for archives.
        for (SegmentInfo s : log.segments()) {
            assertNotNull(s.verified(), s.file() + " was checked");
            assertEquals(0, s.verified().problems(), s.file());
        }
        Health h = log.health();
        assertEquals(LogState.AVAILABLE, h.state(), String.valueOf(h.cause()));
        assertEquals(segments.size() - archivedNames.size(), h.segments());
        assertTrue(h.retention().policy().startsWith("archive the oldest segments while the log holds more than"),
                h.retention().policy());
        assertNotNull(h.retention().lastRun());
    }

    /** Over HTTP, an archived entry is gone (410) and the console says where it is, never "corrupt" or "not found". */
    @Test
    @Order(2)
    @RunAsClient
    void anArchivedEntryIsGoneAndSaysWhere() {
        HttpResponse<String> api = Http.get("api/entries/1");
        assertEquals(410, api.statusCode(), api.body());
        assertTrue(api.body().contains("archived at"), api.body());

        Http.Session admin = new Http.Session().login(Http.ADMIN_USER, Http.ADMIN_PASSWORD);
        HttpResponse<String> page = admin.get("admin/entry.xhtml?seq=1");
        assertEquals(410, page.statusCode());
        assertTrue(page.body().contains("removed from this log by retention"), page.body());
        assertFalse(page.body().contains("Exception"), "no stack trace reaches the browser");

        // The health page: retention's setting, its runs, and each segment's last check.
        HttpResponse<String> health = admin.get("admin/health.xhtml");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("archive the oldest segments while the log holds more than 256.0 KiB"),
                health.body());
        // The last run may have found nothing more to remove; the last removal stays shown.
        Matcher removal = Pattern.compile("<dd id=\"retentionLastRemoval\">([^<]*)</dd>").matcher(health.body());
        assertTrue(removal.find() && removal.group(1).contains(": removed "), health.body());
        assertTrue(health.body().contains(": intact"), "segments checked intact: " + health.body());
        assertEquals("archive the oldest segments while the log holds more than 256.0 KiB, to ",
                Http.getJson("api/health").getJsonObject("retention").getString("policy").replaceAll("/.*", ""));
    }

    private void readKeptOrArchived(long seq) {
        try {
            Optional<Entry> e = log.read(seq);
            assertTrue(e.isPresent(), "acknowledged entry " + seq + " not found");
        } catch (EntryRemovedException removed) {
            assertNotNull(removed.archive(), "archived, not deleted: " + removed.getMessage());
        }
    }

    private void assertArchived(long seq) {
        try {
            log.read(seq);
            fail("entry " + seq + " is below the oldest kept segment but still read");
        } catch (EntryRemovedException removed) {
            assertNotNull(removed.archive(), removed.getMessage());
            assertTrue(Files.isRegularFile(Path.of(removed.archive())), removed.archive());
        }
    }

    /** Between two looks at a condition the maintenance timer makes true (no assertion depends on the length). */
    private static void pause() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(100);
    }

    private List<Entry> archiveRecords() {
        return log.query(EntryQuery.newest(EntryQuery.MAX_LIMIT).action("retention.archive")).entries();
    }

    private long keptBytes() {
        return log.segments().stream().filter(s -> s.state() != SegmentInfo.State.ARCHIVED)
                .mapToLong(SegmentInfo::bytes).sum();
    }
}
