package dev.activitylog.log.control;

import dev.activitylog.log.entity.ClusterVerifyReport;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.VerifyReport;
import dev.activitylog.testing.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Anchors in another trust domain: a node's checkpoints in a PostgreSQL table its application role may insert into
 * and read, never change (the grants of docs/deployment.md, "Anchors", applied here as written). Someone with root
 * on the node, who has the checkpoint key and the application's database password, rewrites the file with a
 * recomputed chain and recomputed MACs, and the index's own checkpoint copy with it: only the anchors tell.
 */
@Tag("postgres")
class AnchorsTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** docs/deployment.md, "Anchors": what the application's role may do, the schema being another role's. */
    static final List<String> GRANTS = List.of(
            "GRANT SELECT ON flyway_schema_history TO %s",
            "GRANT SELECT, INSERT ON index_node TO %s",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON index_entry, index_meta TO %s",
            "GRANT SELECT, INSERT, DELETE ON index_line TO %s",
            "GRANT SELECT, INSERT ON index_anchor TO %s");

    private PGSimpleDataSource owner;
    private PGSimpleDataSource app;

    @BeforeEach
    void databaseWithAnApplicationRole() throws SQLException {
        PostgresServer pg = PostgresServer.shared();
        String db = pg.createDatabase();
        owner = pg.dataSource(db);
        IndexSchema.migrate(owner, "node-a");  // the owner role runs the migrations
        String role = "app_" + db;
        sql(owner, "CREATE ROLE " + role + " LOGIN");
        for (String grant : GRANTS) {
            sql(owner, String.format(grant, role));
        }
        app = pg.dataSource(db);
        app.setUser(role);
    }

    private LogEngine start(Path dir) {
        return LogEngine.start(LogConfig.defaults(dir).withNode("node-a").withCheckpoints(10, KEY), app);
    }

    private void append30(Path dir) {
        try (LogEngine engine = start(dir)) {
            for (int i = 1; i <= 30; i++) {
                engine.append(NewEntry.of("alice", "a.act", "s" + i, "detail " + i));
            }
        }
    }

    @Test
    void theApplicationRoleInsertsAndReadsAnchorsButCannotChangeThem(@TempDir Path dir) throws Exception {
        append30(dir);
        List<Long> anchored = anchoredSeqs();
        assertTrue(anchored.contains(30L), "the last checkpoint is anchored: " + anchored);
        for (String change : List.of("UPDATE index_anchor SET chain_hash = repeat('0', 64)", "DELETE FROM index_anchor",
                "TRUNCATE index_anchor", "UPDATE index_node SET node = 'other'", "DROP TABLE index_anchor")) {
            SQLException refused = assertThrows(SQLException.class, () -> sql(app, change), change);
            assertTrue("42501".equals(refused.getSQLState()) || refused.getMessage().contains("must be owner"),
                    change + ": " + refused.getMessage());
        }
        assertEquals(anchored, anchoredSeqs());
        try (LogEngine engine = start(dir)) {
            VerifyReport r = engine.verify();
            assertTrue(r.ok(), r.problems().toString());
        }
    }

    @Test
    void aFileRewrittenWithARecomputedChainAndMacsIsCaughtByTheAnchors(@TempDir Path dir) throws Exception {
        append30(dir);
        Path file = dir.resolve(LogConfig.DEFAULT_FILE_NAME);
        byte[] forgedHead = rewriteFrom(file, 15);
        // The forger also brings the index's own copy of the last checkpoint in line: the application may.
        sql(app, "UPDATE index_meta SET meta_value = '30:" + HexFormat.of().formatHex(forgedHead)
                + "' WHERE meta_key = 'checkpoint'");
        try (LogEngine engine = start(dir)) {
            VerifyReport r = engine.verify();
            assertTrue(!r.ok(), "caught");
            assertTrue(r.problems().stream().allMatch(p -> p.what().contains(AnchorCheck.ANCHORS)),
                    "the chain, the CRCs and the MACs all check out; only the anchors differ: " + r.problems());
            long firstAnchorAfterEdit = anchoredSeqs().stream().filter(s -> s >= 15).findFirst().orElseThrow();
            assertEquals(firstAnchorAfterEdit, r.firstProblem().seq(), r.problems().toString());
            assertTrue(r.firstProblem().what().contains("the file was rewritten up to here"), r.firstProblem().what());
        }
    }

    @Test
    void aFileCutShortIsCaughtByTheAnchors(@TempDir Path dir) throws Exception {
        append30(dir);
        Path file = dir.resolve(LogConfig.DEFAULT_FILE_NAME);
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("26\t")) {
                break;
            }
            kept.add(line);
        }
        Files.writeString(file, String.join("\n", kept) + "\n", StandardCharsets.UTF_8);
        sql(app, "DELETE FROM index_meta WHERE meta_key = 'checkpoint'");  // the forger removes the local copy
        try (LogEngine engine = start(dir)) {
            VerifyReport r = engine.verify();
            assertEquals(1, r.problems().size(), r.problems().toString());
            assertEquals(30L, r.firstProblem().seq());
            assertEquals(AnchorCheck.ANCHORS + " recorded a checkpoint at entry 30 but the file ends at entry 25:"
                    + " the log was truncated", r.firstProblem().what());
        }
    }

    @Test
    void everyNodesChainIsCheckedAgainstItsAnchorsFromTheIndexAlone(@TempDir Path a, @TempDir Path b)
            throws Exception {
        append30(a);
        try (LogEngine nodeB = LogEngine.start(LogConfig.defaults(b).withNode("node-b").withCheckpoints(10, KEY), app)) {
            for (int i = 1; i <= 5; i++) {
                nodeB.append(NewEntry.of("bob", "b.act", "s" + i, "detail " + i));
            }
            ClusterVerifyReport clean = nodeB.cluster().verify().orElseThrow();
            assertTrue(clean.ok(), clean.toString());
            assertEquals(List.of("node-a"), clean.nodes().stream().filter(n -> n.lines() == 30)
                    .map(ClusterVerifyReport.NodeReport::node).toList(), "node a's 30 lines, node b's not yet copied");
            assertTrue(clean.nodes().get(0).anchorsChecked() >= 1, clean.toString());

            // Root on node a rewrites its file with a recomputed chain and MACs, and its copy of the lines with it.
            rewriteFrom(a.resolve(LogConfig.DEFAULT_FILE_NAME), 15);
            sql(app, "DELETE FROM index_line WHERE seq >= 15 AND node_no = (SELECT node_no FROM index_node"
                    + " WHERE node = 'node-a')");
            try (LogEngine nodeA = start(a)) {
                nodeA.maintain();
                nodeA.afterFlush();  // copies the rewritten lines 15..30
            }
            ClusterVerifyReport forged = nodeB.cluster().verify().orElseThrow();
            ClusterVerifyReport.NodeReport nodeA = forged.nodes().get(0);
            assertEquals("node-a", nodeA.node());
            assertEquals(30, nodeA.lines(), "the copy is complete and its chain holds");
            long firstAnchorAfterEdit = anchoredSeqs().stream().filter(s -> s >= 15).findFirst().orElseThrow();
            assertEquals(firstAnchorAfterEdit, nodeA.problems().get(0).seq(), nodeA.problems().toString());
            assertTrue(nodeA.problems().get(0).what().contains("differs from the anchor"), nodeA.problems().toString());

            sql(app, "DELETE FROM index_line WHERE seq > 25 AND node_no = (SELECT node_no FROM index_node"
                    + " WHERE node = 'node-a')");
            ClusterVerifyReport cut = nodeB.cluster().verify().orElseThrow();
            List<ClusterVerifyReport.Problem> problems = cut.nodes().get(0).problems();
            assertTrue(problems.get(problems.size() - 1).what().contains("but the copy of node node-a's lines ends at"
                    + " entry 25"), problems.toString());
        }
    }

    /**
     * Rewrites every entry from {@code fromSeq} ("detail" becomes "forged"), recomputing each CRC and chain hash, and
     * every checkpoint's hash and MAC with the key: what root on the node can do. Returns the new chain head.
     */
    private static byte[] rewriteFrom(Path file, long fromSeq) throws Exception {
        List<String> out = new ArrayList<>();
        byte[] seed = null;
        byte[] head = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("#activity-log")) {
                seed = HexFormat.of().parseHex(Arrays.stream(line.split("\t")).filter(f -> f.startsWith("chain-seed="))
                        .findFirst().orElseThrow().substring("chain-seed=".length()));
                head = seed;
                out.add(line);
            } else if (line.startsWith(CheckpointLine.PREFIX)) {
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                CheckpointLine c = CheckpointLine.decode(b, 0, b.length);
                byte[] encoded = new CheckpointLine(c.seq(), head, c.time(), CheckpointLine.mac(KEY, seed, c.seq(),
                        head, c.time())).encode();
                out.add(new String(encoded, 0, encoded.length - 1, StandardCharsets.UTF_8));
            } else {
                String[] f = line.split("\t");
                String body = String.join("\t", Arrays.copyOf(f, f.length - 2));
                if (Long.parseLong(f[0]) >= fromSeq) {
                    body = body.replace("detail", "forged");
                }
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                head = LineCodec.chain(head, b, 0, b.length);
                out.add(dev.activitylog.testing.Tamper.withCrc(body + "\t" + HexFormat.of().formatHex(head)));
            }
        }
        Files.writeString(file, String.join("\n", out) + "\n", StandardCharsets.UTF_8);
        return head;
    }

    private List<Long> anchoredSeqs() throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = owner.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq FROM index_anchor ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private static void sql(PGSimpleDataSource ds, String statement) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
