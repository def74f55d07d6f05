package dev.activitylog.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read-only JSON API as a client sees it: keyset paging, filters, and errors as JSON with a status. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RestApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar(TestAppendResource.class);
    }

    @Test
    void pagesNewestFirstAndFilters() {
        String actor = "api-it-" + UUID.randomUUID();
        JsonObject first = Http.append(actor, "doc.create", "doc/1", "one");
        JsonObject second = Http.append(actor, "doc.edit", "doc/1", "two");
        JsonObject third = Http.append(actor, "doc.edit", "doc/1", "three");

        JsonObject page1 = Http.getJson("api/entries?limit=2&actor=" + enc(actor));
        assertEquals(List.of(third, second), page1.getJsonArray("entries"));
        assertEquals(seq(second), page1.getJsonNumber("nextBefore").longValue());
        assertTrue(page1.getJsonArray("corrupt").isEmpty());

        JsonObject page2 = Http.getJson("api/entries?limit=2&actor=" + enc(actor) + "&before=" + seq(second));
        assertEquals(List.of(first), page2.getJsonArray("entries"));
        assertFalse(page2.containsKey("nextBefore") && !page2.isNull("nextBefore"), "the last page has no next");

        JsonObject edits = Http.getJson("api/entries?actor=" + enc(actor) + "&action=doc.edit");
        assertEquals(List.of(third, second), edits.getJsonArray("entries"));

        String from = enc(first.getString("time"));
        assertEquals(3, Http.getJson("api/entries?actor=" + enc(actor) + "&from=" + from).getJsonArray("entries").size());
        assertEquals(0, Http.getJson("api/entries?actor=" + enc(actor) + "&to=" + from).getJsonArray("entries").size());

        assertEquals(second, Http.getJson("api/entries/" + seq(second)));
    }

    @Test
    void outcomeAndCorrelationFilterAndEveryFieldIsInTheJson() {
        String actor = "api-v2-" + UUID.randomUUID();
        String trace = UUID.randomUUID().toString().replace("-", "");
        JsonObject ok = append(Map.of("actor", actor, "action", "v2.ok", "correlation", trace,
                "origin", "203.0.113.7 node-1", "attribute", "order=7,8=x"));
        JsonObject failed = append(Map.of("actor", actor, "action", "v2.fail", "correlation", trace,
                "outcome", "FAILURE:java.lang.IllegalStateException"));
        JsonObject plain = append(Map.of("actor", actor, "action", "v2.plain"));
        assertEquals("SUCCESS", plain.getString("outcome"), "no outcome given: SUCCESS");
        assertEquals("", plain.getString("correlation"));
        assertEquals("203.0.113.7 node-1", ok.getString("origin"));
        assertEquals("7,8=x", ok.getJsonObject("attributes").getString("order"));
        assertEquals(ok, Http.getJson("api/entries/" + seq(ok)), "read back with every field");

        String mine = "api/entries?actor=" + enc(actor);
        assertEquals(List.of(failed), Http.getJson(mine + "&outcome=FAILURE").getJsonArray("entries"));
        assertEquals(List.of(failed), Http.getJson(mine + "&outcome=" + enc("FAILURE:java.lang.IllegalStateException"))
                .getJsonArray("entries"));
        assertEquals(List.of(plain, ok), Http.getJson(mine + "&outcome=SUCCESS").getJsonArray("entries"));
        assertEquals(List.of(failed, ok), Http.getJson("api/entries?correlation=" + trace).getJsonArray("entries"));
        error(Http.get("api/entries?outcome=failed"), 400, "InvalidParameter", "outcome must be SUCCESS, FAILURE");
        error(Http.get("api/entries?correlation=" + "c".repeat(129)), 400, "InvalidParameter",
                "correlation is longer than 128 characters");
        HttpResponse<String> bad = Http.post("api/it/entries", Http.form(Map.of("actor", actor, "action", "v2.bad",
                "outcome", "MAYBE")));
        error(bad, 400, "ConstraintViolationException", "outcome must be SUCCESS, FAILURE or FAILURE:<type>");
        error(Http.post("api/it/entries", Http.form(Map.of("actor", actor, "action", "v2.bad", "attribute", "1st=x"))),
                400, "ConstraintViolationException", "attributes: a key is not an identifier");
        error(Http.post("api/it/entries", Http.form(Map.of("actor", actor, "action", "v2.bad", "attribute",
                "k=" + "v".repeat(1025)))), 400, "ConstraintViolationException",
                "attributes: a value is longer than 1024 characters");
        error(Http.post("api/it/entries", Http.form(Map.of("actor", actor, "action", "v2.bad", "correlation",
                "has space"))), 400, "ConstraintViolationException", "correlation must be printable ASCII");
        assertEquals(3, Http.getJson(mine).getJsonArray("entries").size(), "nothing stored for the bad ones");
    }

    private static JsonObject append(Map<String, String> form) {
        HttpResponse<String> r = Http.post("api/it/entries", Http.form(form));
        assertEquals(200, r.statusCode(), r::body);
        return Http.json(r.body());
    }

    @Test
    void healthIsJson() {
        JsonObject health = Http.getJson("api/health");
        assertEquals("AVAILABLE", health.getString("state"));
        assertEquals("GROUP", health.getString("durability"));
        assertTrue(health.getString("path").endsWith("activity.log"));
        assertTrue(health.getJsonNumber("indexed").longValue() <= health.getJsonNumber("entries").longValue());
        assertTrue(health.getJsonObject("lastRecovery").containsKey("actions"));
        // The node: the server's name for itself unless set, the id under which the API reads this node's entries.
        String node = health.getString("node");
        assertTrue(node.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), node);
        JsonObject appended = append(Map.of("actor", "health-node", "action", "test.health", "subject", "node"));
        long seq = appended.getJsonNumber("seq").longValue();
        assertEquals(appended, Http.getJson("api/entries/" + seq + "?node=" + node));
    }

    @Test
    void segmentsAreListedOldestFirstWithTheActiveOneLast() {
        JsonObject health = Http.getJson("api/health");
        HttpResponse<String> r = Http.get("api/segments");
        assertEquals(200, r.statusCode(), r::body);
        JsonArray segments = Json.createReader(new java.io.StringReader(r.body())).readArray();
        assertEquals(health.getInt("segments"), segments.size(), r.body());
        JsonObject active = segments.getJsonObject(segments.size() - 1);
        assertEquals("ACTIVE", active.getString("state"));
        assertEquals(health.getString("path"), active.getString("file"));
        assertTrue(active.getJsonNumber("lastSeq").longValue() >= health.getJsonNumber("entries").longValue(), r::body);
        assertEquals(1, segments.getJsonObject(0).getJsonNumber("firstSeq").longValue(), "the first segment starts at 1");
        assertEquals(401, Http.anonymous("api/segments").statusCode(), "behind the role");
    }

    @Test
    void unknownEntryIs404() {
        long beyond = Http.getJson("api/health").getJsonNumber("entries").longValue() + 1_000;
        error(Http.get("api/entries/" + beyond), 404, "NotFound", "no entry " + beyond);
    }

    @Test
    void badParametersAre400AndSayWhich() {
        error(Http.get("api/entries/abc"), 400, "InvalidParameter", "seq must be a whole number");
        error(Http.get("api/entries?limit=5000"), 400, "InvalidParameter", "limit must be between 1 and 1000");
        error(Http.get("api/entries?before=0"), 400, "InvalidParameter", "before must be a sequence number");
        error(Http.get("api/entries?from=yesterday"), 400, "InvalidParameter", "from must be an ISO-8601");
    }

    @Test
    void aLimitBelowOneSaysWhatWasSentAndOverLongFiltersAre400LikeText() {
        error(Http.get("api/entries?limit=-1"), 400, "InvalidParameter", "limit must be between 1 and 1000, was '-1'");
        error(Http.get("api/entries?limit=0"), 400, "InvalidParameter", "was '0'");
        error(Http.get("api/entries?actor=" + "a".repeat(201)), 400, "InvalidParameter", "actor is longer than 200 characters");
        error(Http.get("api/entries?action=" + "a".repeat(101)), 400, "InvalidParameter", "action is longer than 100 characters");
        error(Http.get("api/entries?text=" + "a".repeat(201)), 400, "InvalidParameter", "text is longer than 200 characters");
        assertEquals(200, Http.get("api/entries?actor=" + "a".repeat(200)).statusCode(), "at the limit is fine");
    }

    @Test
    void farDatesAreBoundsLikeAnyOtherAndTimesPastTheYear9999Are400() {
        String actor = "api-far-" + UUID.randomUUID();
        JsonObject e = Http.append(actor, "far.test", "s", "d");
        assertEquals(List.of(e), Http.getJson("api/entries?actor=" + enc(actor) + "&to=9999-12-31T23:59:59Z")
                .getJsonArray("entries"));
        assertEquals(List.of(e), Http.getJson("api/entries?actor=" + enc(actor) + "&from=1000-01-01T00:00:00Z")
                .getJsonArray("entries"));
        error(Http.get("api/entries?to=" + enc("+10000-01-01T00:00:01Z")), 400, "InvalidParameter", "to must be between");
        error(Http.get("api/entries?from=" + enc("-1000000-01-01T00:00:00Z")), 400, "InvalidParameter",
                "from must be between");
    }

    @Test
    void invalidEntryIs400AndNothingIsStored() {
        long before = Http.getJson("api/health").getJsonNumber("entries").longValue();
        HttpResponse<String> r = Http.post("api/it/entries", "actor=&action=x");
        error(r, 400, "ConstraintViolationException", "actor is required");
        assertEquals(before, Http.getJson("api/health").getJsonNumber("entries").longValue());
    }

    private static void error(HttpResponse<String> r, int status, String type, String message) {
        assertEquals(status, r.statusCode(), r::body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r::toString);
        JsonObject body = Http.json(r.body());
        assertEquals(type, body.getString("type"), body::toString);
        assertTrue(body.getString("error").contains(message), body::toString);
    }

    private static long seq(JsonObject entry) {
        return entry.getJsonNumber("seq").longValue();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
