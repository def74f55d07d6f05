package dev.activitylog.log.boundary;

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

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Read-only access to the entries, newest first with keyset paging: pass a page's {@code nextBefore} as
 * {@code before} for the next older page, its {@code newerAfter} as {@code after} for the next newer one
 * ({@code after=0} is the oldest page). Parameters are taken as strings so a bad one gets a 400 that names it.
 */
@Path("entries")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EntriesResource {
    static final int DEFAULT_LIMIT = 50;
    static final int DEFAULT_BUCKETS = 60;

    @Inject
    ActivityLog log;

    @GET
    public Page query(@QueryParam("before") String before, @QueryParam("after") String after,
                      @QueryParam("limit") String limit, @QueryParam("actor") String actor,
                      @QueryParam("action") String action, @QueryParam("from") String from,
                      @QueryParam("to") String to, @QueryParam("text") String text,
                      @QueryParam("outcome") String outcome, @QueryParam("correlation") String correlation) {
        EntryQuery query;
        try {
            Long n = longParam("limit", limit);
            if (n != null && (n < 1 || n > EntryQuery.MAX_LIMIT)) {
                throw badRequest("limit must be between 1 and " + EntryQuery.MAX_LIMIT + ", was '" + limit + "'");
            }
            int pageSize = n == null ? DEFAULT_LIMIT : n.intValue();
            query = new EntryQuery(longParam("before", before), longParam("after", after), pageSize, actor, action,
                    instantParam("from", from), instantParam("to", to), text, outcome, correlation);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        return log.query(query);
    }

    /** Entries over time for the filters, split by action ({@link Histogram}); at most {@code buckets} bars. */
    @GET
    @Path("histogram")
    public Histogram histogram(@QueryParam("actor") String actor, @QueryParam("action") String action,
                               @QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("buckets") String buckets, @QueryParam("outcome") String outcome,
                               @QueryParam("correlation") String correlation) {
        Long n = longParam("buckets", buckets);
        if (n != null && (n < 1 || n > Histogram.MAX_BUCKETS)) {
            throw badRequest("buckets must be between 1 and " + Histogram.MAX_BUCKETS + ", was '" + buckets + "'");
        }
        EntryQuery query;
        try {
            query = EntryQuery.newest(1).actor(actor).action(action).between(instantParam("from", from),
                    instantParam("to", to)).outcome(outcome).correlation(correlation);
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage());
        }
        return log.histogram(query, n == null ? DEFAULT_BUCKETS : n.intValue());
    }

    @GET
    @Path("{seq}")
    public Entry read(@PathParam("seq") String seq) {
        long n = longParam("seq", seq);
        return log.read(n).orElseThrow(() -> new NotFoundException(
                ErrorBody.response(Status.NOT_FOUND, "no entry " + n, "NotFound")));
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
