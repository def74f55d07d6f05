package dev.activitylog.it;

import dev.activitylog.testing.TestFiles;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One node of {@link ClusterIT}'s cluster: its server, log directory and what its clients were promised (seq to
 * subject), and the REST calls the test makes on it, with the test admin's Basic credentials.
 */
record ClusterNode(String id, WildFlyServer server, Path logDir, Map<Long, String> acked) {
    static final String JNDI = "java:jboss/datasources/ActivityLogIndex";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** A node with an empty log directory under {@code work}. */
    static ClusterNode fresh(String id, WildFlyServer server, Path work) throws IOException {
        Path logDir = work.resolve("log");
        TestFiles.deleteTree(logDir);
        return new ClusterNode(id, server, logDir, new ConcurrentHashMap<>());
    }

    URI base() {
        return server.baseUri();
    }

    /** Starts its server on the shared index ({@code activitylog.datasource}) under its node id. */
    void start() throws Exception {
        server.start(Map.of("activitylog.dir", logDir.toString(), "activitylog.datasource", JNDI,
                "activitylog.node", id));
    }

    /** How many entries its log holds. */
    long entries() throws IOException, InterruptedException {
        return getJson("api/health").getJsonNumber("entries").longValue();
    }

    /** Appends one entry of this node's actor; an acknowledged one is remembered in {@link #acked()}. */
    void appendOne(String subject) throws IOException, InterruptedException {
        String form = "actor=" + id + "&action=cluster.append&subject=" + URLEncoder.encode(subject,
                StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(Http.asAdmin(HttpRequest.newBuilder(base().resolve("api/it/entries")))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("append " + subject + " -> " + r.statusCode() + ": " + r.body());
        }
        acked.put(Http.json(r.body()).getJsonNumber("seq").longValue(), subject);
    }

    JsonObject getJson(String path) throws IOException, InterruptedException {
        return json(Http.asAdmin(HttpRequest.newBuilder(base().resolve(path))).GET(), path);
    }

    JsonObject postJson(String path) throws IOException, InterruptedException {
        return json(Http.asAdmin(HttpRequest.newBuilder(base().resolve(path)))
                .POST(HttpRequest.BodyPublishers.noBody()), path);
    }

    private static JsonObject json(HttpRequest.Builder request, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
        return Http.json(r.body());
    }
}
