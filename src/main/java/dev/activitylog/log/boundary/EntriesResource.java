package dev.activitylog.log.boundary;

import dev.activitylog.log.control.NodeId;
import dev.activitylog.log.entity.ClusterCursor;
import dev.activitylog.log.entity.ClusterPage;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Histogram;
import dev.activitylog.log.entity.Page;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Read-only access to the entries, newest first with keyset paging: pass a page's {@code nextBefore} as
 * {@code before} for the next older page, its {@code newerAfter} as {@code after} for the next newer one
 * ({@code after=0} is the oldest page). Parameters are taken as strings so a bad one gets a 400 that names it.
 */
@Path("entries")
@Tag(name = "entries", description = "the log's entries: pages, one entry, entries over time")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EntriesResource {
    static final int DEFAULT_LIMIT = 50;
    static final int DEFAULT_BUCKETS = 60;
    private static final String FROM = "entries at or after this ISO-8601 instant (years 0000 to 9999)";
    private static final String TO = "entries before this ISO-8601 instant (years 0000 to 9999)";
    private static final String OUTCOME = "SUCCESS, FAILURE (every failure) or one FAILURE:<type>; from the index,"
            + " matching no entry of a version 1 segment";
    private static final String CORRELATION = "exactly this correlation id (at most 128 characters)";

    @Inject
    ActivityLog log;

    @GET
    @Operation(summary = "A page of entries, newest first (oldest first with after)",
            description = "Keyset paging: pass a page's nextBefore as before for the next older page, its newerAfter"
                    + " as after for the next newer one (after=0: the oldest page). Filters combine.")
    @APIResponse(responseCode = "200", description = "the page; entries in range that fail their checksum are listed"
            + " by number in corrupt", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Page.class)))
    @APIResponse(responseCode = "400", ref = OpenApiCommon.BAD_REQUEST)
    public Page query(@Parameter(description = "entries older than this sequence number") @QueryParam("before") String before,
                      @Parameter(description = "entries newer than this sequence number, oldest first") @QueryParam("after") String after,
                      @Parameter(description = "entries per page, 1 to 1000", schema = @Schema(type = SchemaType.INTEGER,
                              minimum = "1", maximum = "1000", defaultValue = "50")) @QueryParam("limit") String limit,
                      @Parameter(description = "exactly this actor (at most 200 characters)") @QueryParam("actor") String actor,
                      @Parameter(description = "exactly this action (at most 100 characters)") @QueryParam("action") String action,
                      @Parameter(description = FROM) @QueryParam("from") String from,
                      @Parameter(description = TO) @QueryParam("to") String to,
                      @Parameter(description = "text in the subject or the detail (at most 200 characters; at most"
                              + " 10,000 entries are examined per page: scanLimited says so)") @QueryParam("text") String text,
                      @Parameter(description = OUTCOME) @QueryParam("outcome") String outcome,
                      @Parameter(description = CORRELATION) @QueryParam("correlation") String correlation) {
        EntryQuery query;
        try {
            int pageSize = countParam("limit", limit, EntryQuery.MAX_LIMIT, DEFAULT_LIMIT);
            query = new EntryQuery(longParam("before", before), longParam("after", after), pageSize, actor, action,
                    instantParam("from", from), instantParam("to", to), text, outcome, correlation);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        return log.query(query);
    }

    /** The merged view of a cluster's nodes on a shared index ({@link ClusterPage}); one node's own log otherwise. */
    @GET
    @Path("cluster")
    @Operation(summary = "A page of every node's entries, newest first by time, then node, then number",
            description = "Keyset paging: pass a page's nextBefore as before for the next older page. The filters of"
                    + " the entries page, and node. With the embedded index: this node's entries.")
    @APIResponse(responseCode = "200", description = "the page; entries whose lines fail their checks are listed as"
            + " node:seq in corrupt", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ClusterPage.class)))
    @APIResponse(responseCode = "400", ref = OpenApiCommon.BAD_REQUEST)
    public ClusterPage cluster(@Parameter(description = "a page's nextBefore: entries after it in the view") @QueryParam("before") String before,
                               @Parameter(description = "entries per page, 1 to 1000") @QueryParam("limit") String limit,
                               @Parameter(description = "only this node's entries") @QueryParam("node") String node,
                               @Parameter(description = "exactly this actor") @QueryParam("actor") String actor,
                               @Parameter(description = "exactly this action") @QueryParam("action") String action,
                               @Parameter(description = FROM) @QueryParam("from") String from,
                               @Parameter(description = TO) @QueryParam("to") String to,
                               @Parameter(description = "text in the subject or the detail") @QueryParam("text") String text,
                               @Parameter(description = OUTCOME) @QueryParam("outcome") String outcome,
                               @Parameter(description = CORRELATION) @QueryParam("correlation") String correlation) {
        try {
            EntryQuery query = new EntryQuery(null, null, countParam("limit", limit, EntryQuery.MAX_LIMIT,
                    DEFAULT_LIMIT), actor, action, instantParam("from", from), instantParam("to", to), text, outcome,
                    correlation);
            String only = node == null || node.isBlank() ? null : NodeId.valid(node);
            return log.clusterQuery(query, only, before == null || before.isBlank() ? null : ClusterCursor.parse(before));
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
    }

    /** Entries over time for the filters, split by action ({@link Histogram}); at most {@code buckets} bars. */
    @GET
    @Path("histogram")
    @Operation(summary = "Entries over time for the filters, split by action, from the index")
    @APIResponse(responseCode = "200", description = "the buckets", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Histogram.class)))
    @APIResponse(responseCode = "400", ref = OpenApiCommon.BAD_REQUEST)
    public Histogram histogram(@Parameter(description = "exactly this actor") @QueryParam("actor") String actor,
                               @Parameter(description = "exactly this action") @QueryParam("action") String action,
                               @Parameter(description = FROM) @QueryParam("from") String from,
                               @Parameter(description = TO) @QueryParam("to") String to,
                               @Parameter(description = "at most this many bars, 1 to " + Histogram.MAX_BUCKETS,
                                       schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                               defaultValue = "60")) @QueryParam("buckets") String buckets,
                               @Parameter(description = OUTCOME) @QueryParam("outcome") String outcome,
                               @Parameter(description = CORRELATION) @QueryParam("correlation") String correlation) {
        int bars = countParam("buckets", buckets, Histogram.MAX_BUCKETS, DEFAULT_BUCKETS);
        EntryQuery query;
        try {
            query = EntryQuery.newest(1).actor(actor).action(action).between(instantParam("from", from),
                    instantParam("to", to)).outcome(outcome).correlation(correlation);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        return log.histogram(query, bars);
    }

    @GET
    @Path("{seq}")
    @Operation(summary = "One entry by its sequence number; its checksum is checked on the read")
    @APIResponse(responseCode = "200", description = "the entry", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Entry.class)))
    @APIResponse(responseCode = "400", ref = OpenApiCommon.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = OpenApiCommon.NOT_FOUND)
    @APIResponse(responseCode = "410", ref = OpenApiCommon.REMOVED)
    @APIResponse(responseCode = "500", ref = OpenApiCommon.CORRUPT)
    public Entry read(@Parameter(description = "the entry's sequence number", required = true,
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @PathParam("seq") String seq,
                      @Parameter(description = "the node whose entry it is (a cluster on a shared index); this node's"
                              + " when absent") @QueryParam("node") String node) {
        long n = longParam("seq", seq);
        String of = node == null || node.isBlank() ? log.node() : node;
        try {
            NodeId.valid(of);
        } catch (IllegalArgumentException e) {
            throw badRequest("node: " + e.getMessage());
        }
        return log.read(of, n).orElseThrow(() -> new NotFoundException(
                ErrorBody.response(Status.NOT_FOUND, "no entry " + n + (node == null ? "" : " of node " + of),
                        "NotFound")));
    }

    /** A count from 1 to {@code max}, or {@code otherwise} when absent; a 400 naming it otherwise. */
    private static int countParam(String name, String value, int max, int otherwise) {
        Long n = longParam(name, value);
        if (n != null && (n < 1 || n > max)) {
            throw badRequest(name + " must be between 1 and " + max + ", was '" + value + "'");
        }
        return n == null ? otherwise : n.intValue();
    }

    private static Long longParam(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw badRequest(name + " must be a whole number, was '" + value + "'");
        }
    }

    private static Instant instantParam(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw badRequest(name + " must be an ISO-8601 UTC instant such as 2026-01-31T12:00:00Z, was '" + value + "'");
        }
    }

    private static BadRequestException badRequest(String message) {
        return new BadRequestException(ErrorBody.response(Status.BAD_REQUEST, message, "InvalidParameter"));
    }
}
