package dev.activitylog.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What {@link ServerCrashIT}'s clients were promised, and the walks over the server's log that hold it to that:
 * every acknowledged entry is there, intact and once, the entries are numbered without gaps, and an entry nobody was
 * promised was in flight at a kill. The clients' threads record; the test's thread checks.
 */
final class CrashLedger {
    /** seq → subject: a 200 carried it. */
    private final Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    /** Requests whose fate is unknown (cut off by a kill), until a walk finds them stored or the next boot. */
    private final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
    private final Set<String> storedInDoubt = new HashSet<>();
    private final List<String> conflicts = new ArrayList<>();
    private long checkedUpTo;
    private long lost;
    private long notStoredInDoubt;

    /** A 200 is a promise, even one that arrives after the kill was decided. */
    void acknowledged(long seq, String subject) {
        String before = acknowledged.putIfAbsent(seq, subject);
        if (before != null) {
            synchronized (conflicts) {
                conflicts.add(seq + ": " + before + " and " + subject);
            }
        }
    }

    /** A request cut off by a kill: the entry may or may not have reached the file. Never retried. */
    void inDoubt(String subject) {
        inDoubt.add(subject);
    }

    /** After a boot whose log holds {@code entries}: the entries since the last check, against the promises. */
    void checkAfterBoot(ServerApi api, long entries) {
        lost += acknowledged.keySet().stream().filter(s -> s > entries).count();
        walk(api, checkedUpTo, entries);
        checkedUpTo = entries;
        // Whatever was in flight at the kill and is not in the file now never will be: the client did not retry.
        notStoredInDoubt += inDoubt.size();
        inDoubt.clear();
    }

    /** The whole log once more at the end: later recoveries must not have taken anything acknowledged away. */
    void checkWholeLog(ServerApi api) {
        Set<String> seen = new HashSet<>();
        long entries = api.get("api/health").getJsonNumber("entries").longValue();
        long missing = 0;
        Map<Long, String> found = pages(api, 0, entries, seen);
        for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
            if (!a.getValue().equals(found.get(a.getKey()))) {
                missing++;
            }
        }
        Set<String> promised = new HashSet<>(acknowledged.values());
        for (String s : seen) {
            assertTrue(promised.contains(s) || storedInDoubt.contains(s), "an entry nobody appended: " + s);
        }
        assertEquals(0, missing, "acknowledged entries missing in the final walk over the log");
        assertEquals(checkedUpTo, entries, "the log did not change after the last check");
    }

    int acknowledgedCount() {
        return acknowledged.size();
    }

    long lost() {
        return lost;
    }

    long checkedUpTo() {
        return checkedUpTo;
    }

    int storedInDoubt() {
        return storedInDoubt.size();
    }

    long notStoredInDoubt() {
        return notStoredInDoubt;
    }

    /** Sequence numbers acknowledged for two different entries. */
    List<String> conflicts() {
        synchronized (conflicts) {
            return List.copyOf(conflicts);
        }
    }

    /** Reads entries {@code (after, upTo]}: each is acknowledged (and intact) or was in flight at a kill. */
    private void walk(ServerApi api, long after, long upTo) {
        Map<Long, String> found = pages(api, after, upTo, new HashSet<>());
        for (Map.Entry<Long, String> e : found.entrySet()) {
            String subject = e.getValue();
            String promised = acknowledged.get(e.getKey());
            if (promised != null) {
                if (!promised.equals(subject)) {
                    lost++;
                }
            } else if (inDoubt.remove(subject)) {
                storedInDoubt.add(subject);
            } else {
                fail("entry " + e.getKey() + " (" + subject + ") was neither acknowledged nor in flight at a kill");
            }
        }
        for (Map.Entry<Long, String> a : acknowledged.entrySet()) {
            if (a.getKey() > after && a.getKey() <= upTo && !found.containsKey(a.getKey())) {
                lost++;
            }
        }
    }

    /**
     * Entries {@code (after, upTo]} oldest first through the paging API: seq → subject, after checking that they are
     * numbered without gaps and that each reads back exactly as it was sent.
     */
    private static Map<Long, String> pages(ServerApi api, long after, long upTo, Set<String> subjects) {
        Map<Long, String> found = new LinkedHashMap<>();
        long expected = after + 1;
        Long cursor = after;
        while (cursor != null && expected <= upTo) {
            JsonObject page = api.get("api/entries?limit=1000&after=" + cursor);
            assertTrue(page.getJsonArray("corrupt").isEmpty(), page.getJsonArray("corrupt")::toString);
            JsonArray list = page.getJsonArray("entries");
            // A page towards newer entries lists them newest first, like every page.
            for (int i = list.size() - 1; i >= 0; i--) {
                JsonObject e = list.getJsonObject(i);
                long seq = e.getJsonNumber("seq").longValue();
                if (seq > upTo) {
                    break;
                }
                assertEquals(expected, seq, "sequence numbers are contiguous");
                expected++;
                String subject = e.getString("subject");
                assertEquals("torture", e.getString("actor"));
                assertEquals("server.crash", e.getString("action"));
                assertEquals(ServerCrashIT.detail(subject), e.getString("detail"),
                        () -> "entry " + seq + " reads back intact");
                found.put(seq, subject);
                assertTrue(subjects.add(subject), "one entry stored twice: " + subject);
            }
            JsonValue next = page.get("newerAfter");
            cursor = next == null || next.getValueType() == JsonValue.ValueType.NULL ? null
                    : page.getJsonNumber("newerAfter").longValue();
        }
        assertEquals(upTo + 1, expected, "entries up to " + upTo + " are all readable");
        return found;
    }
}
