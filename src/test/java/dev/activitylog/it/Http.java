package dev.activitylog.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Client-side HTTP to the test server, loopback only. The port is the one the container reported for the current
 * deployment ({@link TestServers}): WildFly's 8080 + the failsafe port offset, or the random port of the Payara Micro
 * JVM of this deployment. Resolve paths against {@link #base()}, not {@link #BASE}.
 */
final class Http {
    /** WildFly's port, used until a deployment reports one. */
    static final URI BASE = URI.create("http://127.0.0.1:"
            + (8080 + Integer.getInteger("wildfly.it.portOffset", 100)) + "/activity-log/");

    private static volatile URI base = BASE;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {
    }

    /** The application's URL on the server of the current deployment. */
    static URI base() {
        return base;
    }

    /** Called after each deployment with the HTTP port its server reported. */
    static void usePort(int port) {
        base = URI.create("http://127.0.0.1:" + port + "/activity-log/");
    }

    static HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base().resolve(path)).GET());
    }

    static JsonObject getJson(String path) {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        return json(r.body());
    }

    /** Appends through the test-only endpoint; returns the stored entry as JSON. */
    static JsonObject append(String actor, String action, String subject, String detail) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("actor", actor);
        form.put("action", action);
        form.put("subject", subject);
        form.put("detail", detail);
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r = post("api/it/entries", body);
        if (r.statusCode() != 200) {
            throw new AssertionError("append -> " + r.statusCode() + ": " + r.body());
        }
        return json(r.body());
    }

    static HttpResponse<String> post(String path, String formBody) {
        return send(HttpRequest.newBuilder(base().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody)));
    }

    static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
