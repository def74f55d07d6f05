package dev.activitylog.admin.control;

import dev.activitylog.log.entity.Entry;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Map;

/** An entry as the console's JSON: one line of the NDJSON export, one row of the live tail. */
public final class EntryJson {
    /**
     * The console's one JSON builder factory. {@code Json.createObjectBuilder()} looks the JSON-P provider up with a
     * ServiceLoader on every call, which made the NDJSON export 8 times slower than the CSV one.
     */
    public static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

    private EntryJson() {
    }

    /** Its fields exactly as stored (the export). */
    public static JsonObject exact(Entry e) {
        return exact(BUILDERS.createObjectBuilder(), e);
    }

    /** Its fields exactly as stored, after the node's id (the merged export of a cluster's nodes). */
    public static JsonObject exact(String node, Entry e) {
        return exact(BUILDERS.createObjectBuilder().add("node", node), e);
    }

    private static JsonObject exact(JsonObjectBuilder start, Entry e) {
        return of(start, e, e.actor(), e.action(), e.subject(), e.detail())
                .add("origin", e.origin())
                .add("correlation", e.correlation())
                .add("attributes", attributes(e))
                .build();
    }

    /**
     * The fields the list shows, as it shows them (the live tail): hidden characters visible, the detail's preview,
     * and the outcome that marks a failure. What the list does not show is not sent.
     */
    public static JsonObject shown(Entry e) {
        return of(BUILDERS.createObjectBuilder(), e, VisibleText.of(e.actor()), VisibleText.of(e.action()), VisibleText.of(e.subject()),
                VisibleText.of(DetailPreview.of(e.detail()))).build();
    }

    /** The attributes as a JSON object, sorted by key (also the CSV export's attributes cell). */
    public static JsonObject attributes(Entry e) {
        JsonObjectBuilder b = BUILDERS.createObjectBuilder();
        e.attributes().forEach(b::add);
        return b.build();
    }

    /** {@code outcome} is absent when unknown (a version 1 entry); it never needs marking (ASCII, checked). */
    private static JsonObjectBuilder of(JsonObjectBuilder start, Entry e, String actor, String action, String subject,
                                        String detail) {
        JsonObjectBuilder b = start
                .add("seq", e.seq())
                .add("time", e.time().toString())
                .add("actor", actor)
                .add("action", action)
                .add("subject", subject)
                .add("detail", detail);
        if (e.outcome() != null) {
            b.add("outcome", e.outcome());
        }
        return b;
    }
}
