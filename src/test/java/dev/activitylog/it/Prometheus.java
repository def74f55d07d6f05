package dev.activitylog.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's metrics endpoint in the Prometheus text format, as a scraper reads it: WildFly's Micrometer registry on
 * the management interface, Payara's MicroProfile Metrics on the HTTP port (docs/deployment.md, "Metrics").
 */
final class Prometheus {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** A sample line: name, optional labels, value (the optional timestamp is not used by these servers). */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    record Sample(String name, String labels, double value) {
    }

    private final List<Sample> samples;
    final String text;

    private Prometheus(String text) {
        this.text = text;
        this.samples = text.lines().map(SAMPLE::matcher).filter(Matcher::find)
                .map(m -> new Sample(m.group(1), m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))))
                .toList();
    }

    /** Where this suite's server serves the application's metrics. */
    static URI endpoint() {
        if ("payara".equals(System.getProperty("arquillian.launch"))) {
            return Http.base().resolve("/metrics?scope=application");
        }
        return URI.create("http://127.0.0.1:" + System.getProperty("wildfly.it.managementPort", "10090") + "/prometheus");
    }

    static Prometheus scrape() {
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(30))
                    .header("Accept", "text/plain").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + endpoint() + " -> " + r.statusCode() + ": " + r.body());
            }
            return new Prometheus(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("GET " + endpoint() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of the one sample of this name without a quantile or bucket label, if there is one. */
    OptionalDouble value(String name) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> !s.labels().contains("quantile=") && !s.labels().contains("le=")).toList();
        if (found.size() > 1) {
            throw new AssertionError("more than one sample " + name + ": " + found);
        }
        return found.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(found.get(0).value());
    }

    /** The value of this sample, failing with the whole text when it is missing. */
    double required(String name) {
        return value(name).orElseThrow(() -> new AssertionError("no sample " + name + " at " + endpoint() + ":\n" + text));
    }

    /** The samples of this name (all labels). */
    List<Sample> all(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }
}
