package dev.activitylog.it;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP from inside the server to its own API on loopback, for in-container tests that must call the REST API while
 * they hold a lock. The server's URL is known on the client side only: {@link #addTo} packs it into the deployment.
 */
final class ServerHttp {
    private static final String BASE_RESOURCE = "it-base-uri.txt";

    private ServerHttp() {
    }

    static WebArchive addTo(WebArchive war) {
        return war.addClasses(ServerHttp.class, Http.class)
                .addAsResource(new StringAsset(Http.base().toString()), BASE_RESOURCE);
    }

    /** GET as the test admin. */
    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI base;
        try (InputStream in = ServerHttp.class.getClassLoader().getResourceAsStream(BASE_RESOURCE)) {
            base = URI.create(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(Http.asAdmin(HttpRequest.newBuilder(base.resolve(path))).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
