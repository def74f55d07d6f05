package dev.activitylog.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Client-side HTTP to the test server, loopback only. The port is the one the container reported after the current
 * deployment ({@link TestServers}): WildFly's 8080 + the failsafe port offset, Payara's port base + 80. Resolve paths
 * against {@link #base()}, not {@link #BASE}.
 * <p>
 * The API under /api needs the admin role: {@link #get}, {@link #post} and {@link #append} send the test admin's
 * credentials (HTTP Basic; users are created in the server before the ITs, see pom.xml). {@link #anonymous} sends
 * none, {@link #as} other ones. The console (/admin/) uses FORM login: {@link Session} signs in with a cookie.
 */
final class Http {
    /** The configured server's port (WildFly 8080 + offset, Payara port base + 80), until a deployment reports one. */
    static final URI BASE = URI.create("http://127.0.0.1:"
            + ("payara".equals(System.getProperty("arquillian.launch"))
                    ? Integer.getInteger("payara.it.portBase", 28000) + 80
                    : 8080 + Integer.getInteger("wildfly.it.portOffset", 100)) + "/activity-log/");

    private static volatile URI base = BASE;

    static final String ADMIN_USER = System.getProperty("it.admin.user", "it-admin");
    static final String ADMIN_PASSWORD = System.getProperty("it.admin.password", "it-Admin-pw-1");
    /** Signed in, but without the admin role. */
    static final String VIEWER_USER = System.getProperty("it.viewer.user", "it-viewer");
    static final String VIEWER_PASSWORD = System.getProperty("it.viewer.password", "it-Viewer-pw-1");

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
        return send(asAdmin(HttpRequest.newBuilder(base().resolve(path)).GET()));
    }

    /** GET without credentials. */
    static HttpResponse<String> anonymous(String path) {
        return send(HttpRequest.newBuilder(base().resolve(path)).GET());
    }

    /** GET with these Basic credentials. */
    static HttpResponse<String> as(String user, String password, String path) {
        return send(basic(HttpRequest.newBuilder(base().resolve(path)).GET(), user, password));
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
        return append(form);
    }

    /** Appends these fields (TestAppendResource's form) through the test-only endpoint. */
    static JsonObject append(Map<String, String> fields) {
        HttpResponse<String> r = post("api/it/entries", form(fields));
        if (r.statusCode() != 200) {
            throw new AssertionError("append -> " + r.statusCode() + ": " + r.body());
        }
        return json(r.body());
    }

    /** A random W3C trace id (32 hex digits), for a request's {@code traceparent} ({@link #traced}). */
    static String newTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** A form POST as the test admin with a W3C {@code traceparent} header of trace {@code traceId}. */
    static HttpResponse<String> traced(String path, String formBody, String traceId) {
        return post(path, formBody, "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
    }

    /** A form POST as the test admin, with these extra headers (name, value, name, value, ...). */
    static HttpResponse<String> post(String path, String formBody, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(formBody));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(asAdmin(request));
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Adds the test admin's Basic credentials, for clients of servers other than {@link #base()}'s. */
    static HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
        return basic(request, ADMIN_USER, ADMIN_PASSWORD);
    }

    private static HttpRequest.Builder basic(HttpRequest.Builder request, String user, String password) {
        String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return request.header("Authorization", "Basic " + token);
    }

    /**
     * A cookie-keeping client signed in through the console's FORM login, as a browser without JavaScript; on the
     * current deployment's server ({@link #base()}), or on the application at another base URI.
     */
    static final class Session {
        private final HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        /** null: {@link Http#base()}, read at each request (a redeployment may change its port). */
        private final URI root;

        Session() {
            this(null);
        }

        Session(URI root) {
            this.root = root;
        }

        private URI root() {
            return root == null ? base() : root;
        }

        /** Opens a console page (which answers with the login form) and posts the credentials to it. */
        Session login(String user, String password) {
            HttpResponse<String> form = get("admin/");
            if (form.statusCode() != 200 || !form.body().contains("j_security_check")) {
                throw new AssertionError("expected the login form, got " + form.statusCode() + ": " + form.body());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("j_username", user);
            fields.put("j_password", password);
            HttpResponse<String> r = post("j_security_check", form(fields));
            if (r.statusCode() != 302 && r.statusCode() != 303) {
                throw new AssertionError("login of " + user + " -> " + r.statusCode() + ": " + r.body());
            }
            // Follow the redirect to the page first asked for, as a browser does. Payara completes a FORM login only
            // there (the session is signed in from that request on), and replays the saved request at that address:
            // a next request to the same path with other parameters would get the saved request's instead.
            r.headers().firstValue("Location").ifPresent(location ->
                    Http.send(client, HttpRequest.newBuilder(root().resolve(location)).GET()));
            return this;
        }

        HttpResponse<String> get(String path) {
            return Http.send(client, HttpRequest.newBuilder(root().resolve(path)).GET());
        }

        HttpResponse<String> post(String path, String formBody) {
            return Http.send(client, HttpRequest.newBuilder(root().resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(formBody)));
        }
    }

    static JsonObject json(String body) {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return send(CLIENT, request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
