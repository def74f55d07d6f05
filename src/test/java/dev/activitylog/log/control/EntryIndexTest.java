package dev.activitylog.log.control;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntryIndexTest {
    @Test
    void theSchemaVersionThatSkipsFlywayIsTheNewestMigration() throws Exception {
        List<String> names;
        try (Stream<Path> files = Files.list(Path.of("db/migration"))) {
            names = files.map(p -> p.getFileName().toString()).toList();
        }
        assertTrue(names.stream().allMatch(n -> n.matches("V\\d+__\\w+\\.sql")),
                "migrations are numbered V1, V2, ... : " + names);
        int newest = names.stream().mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        assertEquals(String.valueOf(newest), IndexSchema.SCHEMA_VERSION,
                "a new migration must raise IndexSchema.SCHEMA_VERSION, or Flyway would never run it");
    }
}
