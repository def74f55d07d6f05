package dev.activitylog.admin.control;

import dev.activitylog.log.entity.Entry;
import jakarta.json.Json;
import jakarta.json.JsonObject;

/** An entry as the console's JSON: one line of the NDJSON export, one row of the live tail. */
public final class EntryJson {
    private EntryJson() {
    }

    /** Its fields, with {@code detail} in place of the entry's own (the tail sends a preview). */
    public static JsonObject of(Entry e, String detail) {
        return Json.createObjectBuilder()
                .add("seq", e.seq())
                .add("time", e.time().toString())
                .add("actor", e.actor())
                .add("action", e.action())
                .add("subject", e.subject())
                .add("detail", detail)
                .build();
    }
}
