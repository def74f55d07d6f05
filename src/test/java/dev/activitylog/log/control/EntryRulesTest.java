package dev.activitylog.log.control;

import dev.activitylog.log.entity.InvalidEntryException;
import dev.activitylog.log.entity.Limits;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.log.entity.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The input rules of docs/file-format.md, "What callers may store": a clear error naming the field, nothing stored. */
class EntryRulesTest {
    private static final NewEntry OK = NewEntry.of("alice", "order.cancel", "order/7", "");

    @TempDir
    Path dir;

    private static Map<String, String> attributes(int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, "v");
        }
        return m;
    }

    @Test
    void eachBadFieldIsRefusedByNameAndNothingIsStored() throws Exception {
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put(null, "v");
        Map<NewEntry, String> bad = new LinkedHashMap<>();
        bad.put(OK.withOutcome("OK"), "outcome must be SUCCESS, FAILURE or FAILURE:<type>");
        bad.put(OK.withOutcome("failure"), "outcome must be");
        bad.put(OK.withOutcome("FAILURE:"), "outcome must be");
        bad.put(OK.withOutcome("FAILURE:not a type"), "outcome must be");
        bad.put(OK.withOutcome("FAILURE:" + "a".repeat(Limits.OUTCOME)), "outcome is longer than 256 characters");
        bad.put(OK.withOrigin("o".repeat(Limits.ORIGIN + 1)), "origin is longer than 256 characters");
        bad.put(OK.withCorrelation("c".repeat(Limits.CORRELATION + 1)), "correlation is longer than 128 characters");
        bad.put(OK.withCorrelation("has space"), "correlation must be printable ASCII without spaces");
        bad.put(OK.withCorrelation("tab\there"), "correlation must be printable ASCII");
        bad.put(OK.withAttributes(attributes(Limits.ATTRIBUTES + 1)), "attributes: more than 16");
        bad.put(OK.withAttribute("k".repeat(Limits.ATTRIBUTE_KEY + 1), "v"), "attributes: a key is empty or longer than 64");
        bad.put(OK.withAttribute("", "v"), "attributes: a key is empty");
        bad.put(OK.withAttribute("1st", "v"), "attributes: a key is not an identifier");
        bad.put(OK.withAttribute("a=b", "v"), "attributes: a key is not an identifier");
        bad.put(OK.withAttribute("a,b", "v"), "attributes: a key is not an identifier");
        bad.put(OK.withAttribute("a\\b", "v"), "attributes: a key is not an identifier");
        bad.put(OK.withAttribute("ключ", "v"), "attributes: a key is not an identifier");
        bad.put(OK.withAttribute("k", "v".repeat(Limits.ATTRIBUTE_VALUE + 1)), "attributes: a value is longer than 1024");
        bad.put(OK.withAttribute("k", null), "attributes: a value is null");
        bad.put(OK.withAttributes(nullKey), "attributes: a key is null");
        try (TestLog log = new TestLog(dir)) {
            long size = Files.size(log.file());
            for (Map.Entry<NewEntry, String> b : bad.entrySet()) {
                InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> log.engine.append(b.getKey()),
                        b.getValue());
                assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(b.getValue())),
                        b.getValue() + " in " + e.problems());
            }
            assertEquals(0, log.engine.health().entries());
            assertEquals(size, Files.size(log.file()), "nothing was stored");
        }
    }

    @Test
    void theBoundsThemselvesAreAccepted() throws Exception {
        Map<String, String> most = new LinkedHashMap<>();
        for (int i = 0; i < Limits.ATTRIBUTES; i++) {
            most.put(("k" + i + "_.-").repeat(20).substring(0, Limits.ATTRIBUTE_KEY), "=,\\\t\n".repeat(300)
                    .substring(0, Limits.ATTRIBUTE_VALUE));
        }
        NewEntry e = OK.withOutcome("FAILURE:" + "a".repeat(Limits.OUTCOME - "FAILURE:".length()))
                .withOrigin("o".repeat(Limits.ORIGIN)).withCorrelation("~".repeat(Limits.CORRELATION))
                .withAttributes(most);
        try (TestLog log = new TestLog(dir)) {
            assertEquals(Limits.ATTRIBUTES, log.engine.append(e).attributes().size());
            assertEquals(most, log.engine.read(1).orElseThrow().attributes());
            assertEquals(Outcome.SUCCESS, log.engine.append(OK).outcome(), "no outcome given: SUCCESS");
            assertEquals("FAILURE:java.lang.IllegalStateException",
                    log.engine.append(OK.failed(new IllegalStateException())).outcome());
        }
    }
}
