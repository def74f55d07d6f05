package dev.activitylog.it;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The servers' MicroProfile endpoints, outside the application: Health on WildFly's management port (9990 + offset;
 * standalone-microprofile.xml), on Payara's HTTP port; OpenAPI at /openapi on the HTTP port of both.
 */
final class MicroProfile {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private MicroProfile() {
    }

    /** An answer of a health endpoint: its HTTP status and the JSON body. */
    record HealthAnswer(int status, JsonObject body) {
        /** The check of this name in the answer, or fails naming what there is. */
        JsonObject check(String name) {
            return body.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(c -> name.equals(c.getString("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no check " + name + " in " + body));
        }

        /** A number in the check's data: WildFly writes a JSON number, Payara a string. */
        long number(String name, String key) {
            JsonValue v = data(name).get(key);
            if (v == null) {
                throw new AssertionError("no " + key + " in " + name + ": " + body);
            }
            return v instanceof JsonString text ? Long.parseLong(text.getString()) : ((JsonNumber) v).longValue();
        }

        /** The check's data (an empty object when it has none). */
        JsonObject data(String name) {
            JsonObject check = check(name);
            return check.containsKey("data") ? check.getJsonObject("data") : JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /** GET /health/{which} ("started", "live", "ready"; "" for all). */
    static HealthAnswer health(String which) {
        URI uri = URI.create("http://127.0.0.1:" + healthPort() + "/health" + (which.isEmpty() ? "" : "/" + which));
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri).header("Accept", "application/json").GET());
        return new HealthAnswer(r.statusCode(), Http.json(r.body()));
    }

    /** GET /openapi as JSON. */
    static HttpResponse<String> openApi() {
        URI uri = URI.create("http://127.0.0.1:" + Http.base().getPort() + "/openapi?format=JSON");
        return send(HttpRequest.newBuilder(uri).header("Accept", "application/json").GET());
    }

    private static int healthPort() {
        return "payara".equals(System.getProperty("arquillian.launch")) ? Http.base().getPort()
                : Integer.getInteger("wildfly.it.managementPort", 10090);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
