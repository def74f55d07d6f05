package dev.activitylog.it;

import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The REST API of a server a test started itself, called as the admin: a new HTTP client for each, so that no
 * pooled connection to a killed server is ever reused.
 */
final class ServerApi {
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final URI base;

    ServerApi(URI base) {
        this.base = base;
    }

    HttpClient http() {
        return http;
    }

    URI resolve(String path) {
        return base.resolve(path);
    }

    /** GET of {@code path}, which must answer 200 with a JSON object. */
    JsonObject get(String path) {
        return json(Http.asAdmin(HttpRequest.newBuilder(base.resolve(path))).GET(), path);
    }

    /** POST without a body to {@code path}, which must answer 200 with a JSON object. */
    JsonObject post(String path) {
        return json(Http.asAdmin(HttpRequest.newBuilder(base.resolve(path))).POST(HttpRequest.BodyPublishers.noBody()),
                path);
    }

    private JsonObject json(HttpRequest.Builder request, String path) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
            return Http.json(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
