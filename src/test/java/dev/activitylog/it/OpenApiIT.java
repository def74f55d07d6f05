package dev.activitylog.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's /openapi describes every endpoint of the REST API with its parameters and its answers, error answers
 * included, as a client generator would read it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OpenApiIT {
    /** What each operation must have: path (under the context root), method, parameters, answers, sign-in. */
    private record Expected(String path, String method, Set<String> parameters, Set<String> answers, boolean signIn) {
    }

    private static final List<Expected> API = List.of(
            new Expected("/api/entries", "get", Set.of("before", "after", "limit", "actor", "action", "from", "to", "text",
                    "outcome", "correlation"),
                    Set.of("200", "400", "401", "403", "429", "503"), true),
            new Expected("/api/entries/{seq}", "get", Set.of("seq", "node"),
                    Set.of("200", "400", "401", "403", "404", "410", "429", "500", "503"), true),
            new Expected("/api/entries/histogram", "get", Set.of("actor", "action", "from", "to", "buckets", "outcome",
                    "correlation"),
                    Set.of("200", "400", "401", "403", "429", "503"), true),
            new Expected("/api/entries/cluster", "get", Set.of("before", "limit", "node", "actor", "action", "from", "to",
                    "text", "outcome", "correlation"),
                    Set.of("200", "400", "401", "403", "429", "503"), true),
            new Expected("/api/health", "get", Set.of(), Set.of("200", "503"), false),
            new Expected("/api/segments", "get", Set.of(), Set.of("200", "401", "403", "429", "503"), true),
            new Expected("/api/verify", "post", Set.of(), Set.of("200", "401", "403", "429", "503"), true),
            new Expected("/api/verify/cluster", "post", Set.of(), Set.of("200", "401", "403", "404", "429", "503"), true));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.packagedWar();
    }

    @Test
    void everyEndpointIsDescribedWithItsParametersAndAnswers() {
        HttpResponse<String> r = MicroProfile.openApi();
        assertEquals(200, r.statusCode(), r::body);
        JsonObject doc = Http.json(r.body());
        assertEquals("activity-log", doc.getJsonObject("info").getString("title"));
        JsonObject paths = doc.getJsonObject("paths");
        JsonObject components = doc.getJsonObject("components");
        JsonObject basic = components.getJsonObject("securitySchemes").getJsonObject("basic");
        assertEquals("http", basic.getString("type"));
        assertEquals("basic", basic.getString("scheme"));

        for (Expected e : API) {
            // WildFly names paths from the context root, Payara from the server root: match the end.
            List<String> keys = paths.keySet().stream().filter(k -> k.endsWith(e.path())).toList();
            assertEquals(1, keys.size(), () -> e.path() + " in " + paths.keySet());
            JsonObject op = paths.getJsonObject(keys.get(0)).getJsonObject(e.method());
            assertTrue(op != null && op.containsKey("summary"), () -> e.method() + " " + e.path() + ": " + op);

            Set<String> parameters = op.containsKey("parameters") ? op.getJsonArray("parameters")
                    .getValuesAs(JsonObject.class).stream().map(p -> p.getString("name")).collect(Collectors.toSet())
                    : Set.of();
            assertEquals(e.parameters(), parameters, e.path());

            JsonObject responses = op.getJsonObject("responses");
            assertEquals(new TreeSet<>(e.answers()), new TreeSet<>(responses.keySet()), e.path());
            for (Map.Entry<String, JsonValue> answer : responses.entrySet()) {
                JsonObject resolved = resolve(components, answer.getValue().asJsonObject());
                assertTrue(resolved.containsKey("description"), () -> e.path() + " " + answer);
                if (!answer.getKey().equals("200")) {
                    JsonObject schema = resolved.getJsonObject("content").getJsonObject("application/json")
                            .getJsonObject("schema");
                    // A chain of references: Payara names the class's own schema behind the component's.
                    for (int hops = 0; schema != null && schema.containsKey("$ref") && hops < 3; hops++) {
                        String ref = schema.getString("$ref");
                        schema = components.getJsonObject("schemas").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
                    }
                    JsonObject body = schema;
                    assertTrue(body != null && body.containsKey("properties")
                                    && body.getJsonObject("properties").keySet().containsAll(Set.of("error", "type")),
                            () -> "an error answer's JSON body: " + resolved + " in " + components.get("schemas"));
                }
            }
            boolean signIn = op.containsKey("security")
                    && op.getJsonArray("security").toString().contains("\"basic\"");
            assertEquals(e.signIn(), signIn, () -> e.path() + " security: " + op.get("security"));
        }
    }

    /** The answer itself, or the component its $ref names (which must exist). */
    private static JsonObject resolve(JsonObject components, JsonObject answer) {
        if (!answer.containsKey("$ref")) {
            return answer;
        }
        String ref = answer.getString("$ref");
        assertTrue(ref.startsWith("#/components/responses/"), ref);
        JsonObject target = components.getJsonObject("responses").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
        assertTrue(target != null, () -> ref + " is not defined");
        return target;
    }
}
