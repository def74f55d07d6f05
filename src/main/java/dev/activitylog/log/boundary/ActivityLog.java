package dev.activitylog.log.boundary;

import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.ClusterVerifyReport;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.ExportSink;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.Histogram;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Page;
import dev.activitylog.log.entity.SegmentInfo;
import dev.activitylog.log.entity.VerifyReport;
import jakarta.ejb.Local;
import jakarta.validation.Valid;
import jakarta.validation.executable.ExecutableType;
import jakarta.validation.executable.ValidateOnExecution;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Optional;

/**
 * The activity log of this application. Failures arrive as the typed exceptions of
 * {@code dev.activitylog.log.entity} (declared application exceptions, never wrapped in an EJBException); invalid
 * input as a {@link jakarta.validation.ConstraintViolationException}, with nothing stored.
 * <p>
 * An appended entry is kept even if the caller's transaction rolls back: an audit trail must record attempts too.
 */
@Local
public interface ActivityLog {

    /**
     * Records an entry; returns it with its sequence number and time. Acknowledged per the configured durability.
     * The constraints are checked by the engine on every call and reported through Bean Validation when it refuses
     * ({@link ActivityLogBean}), not by the validation interceptor: the same refusal, without its cost per append.
     */
    @ValidateOnExecution(type = ExecutableType.NONE)
    Entry append(@NotNull(message = "entry is required") @Valid NewEntry entry);

    /** The entry with this sequence number, empty if there is none. */
    Optional<Entry> read(long seq);

    /**
     * Entry {@code seq} of node {@code node}: this node's from its file, another node's (in a cluster on a shared
     * PostgreSQL index) from that index's copy of its lines, checked as a line of the file is (CRC, number, the link
     * to the entry before it); empty if there is none.
     */
    Optional<Entry> read(@NotNull(message = "node is required") String node, long seq);

    /** A keyset page, newest entry first (see {@link EntryQuery} for paging both ways and for the filters). */
    Page query(@NotNull(message = "query is required") EntryQuery query);

    /**
     * How many entries match the query's actor, action and time filters (its text filter and paging aside) in each
     * of at most {@code buckets} bars of time, split by action: from the index, without reading the file.
     */
    Histogram histogram(@NotNull(message = "query is required") EntryQuery query,
                        @Min(value = 1, message = "buckets must be at least {value}")
                        @Max(value = Histogram.MAX_BUCKETS, message = "buckets must be at most {value}") int buckets);

    /**
     * Every entry matching the query's filters (its paging aside), oldest first, into {@code sink}: the bulk path
     * of exports. The segments are read sequentially, each byte once, without holding the log's lock, so appends go
     * on meanwhile; the export covers the log up to its last entry when it started. Entries whose lines are damaged
     * are told as unreadable, by number.
     */
    void export(@NotNull(message = "query is required") EntryQuery query,
                @NotNull(message = "sink is required") ExportSink sink);

    Health health();

    /**
     * A page of the merged view of every node of a cluster on a shared index, newest first by time, then node, then
     * number (keyset: pass a page's {@code nextBefore} as {@code before}); with the embedded index, this node's page.
     *
     * @param node only this node's entries, or null for every node's
     */
    ClusterPage clusterQuery(@NotNull(message = "query is required") EntryQuery query, String node,
                             ClusterCursor before);

    /**
     * This node's id ({@code activitylog.node}, else the server's name for itself): the node its entries' origin
     * names, and the name of its rows in an index that several nodes share.
     */
    String node();

    /**
     * Whether the index is one that several nodes share ({@code activitylog.datasource} set): then the merged view
     * and {@link #read(String, long)} reach every node's entries; with the embedded index, this node's alone.
     */
    boolean sharedIndex();

    /** The log's segment files, oldest first: archived by retention, sealed, and the active one last. */
    List<SegmentInfo> segments();

    /**
     * Checks the whole file (every checksum, the sequence, the hash chain) and every index row against it, and reports
     * each problem with its sequence number. Reads the whole log (about 2 s per GB from the page cache) without
     * holding the log's lock, so appends go on meanwhile; the standalone VerifyCommand checks a file without a server.
     */
    VerifyReport verify();

    /**
     * Verifies every node of a cluster on a shared index from the index alone: each node's copy of its lines (CRC,
     * number, hash chain) against each of its anchors. Empty with the embedded index ({@link #verify()} checks it).
     */
    Optional<ClusterVerifyReport> verifyCluster();
}
