package dev.activitylog.demo.control;

import dev.activitylog.log.entity.Limits;
import dev.activitylog.log.entity.NewEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoEntriesTest {
    private final List<NewEntry> demo = DemoEntries.generate(DemoEntries.SEED, DemoEntries.COUNT);

    @Test
    void theSameSeedGivesTheSameEntriesAndAnotherSeedOthers() {
        assertEquals(DemoEntries.COUNT, demo.size());
        assertEquals(demo, DemoEntries.generate(DemoEntries.SEED, DemoEntries.COUNT));
        assertNotEquals(demo, DemoEntries.generate(DemoEntries.SEED + 1, DemoEntries.COUNT));
        // A shorter run is the start of the longer one: the count only cuts.
        assertEquals(demo.subList(0, 40), DemoEntries.generate(DemoEntries.SEED, 40));
        assertEquals(List.of(), DemoEntries.generate(1, 0));
        assertThrows(IllegalArgumentException.class, () -> DemoEntries.generate(1, -1));
    }

    @Test
    void everyEntryIsOneTheLogAccepts() {
        for (NewEntry e : demo) {
            assertTrue(!e.actor().isBlank() && e.actor().length() <= Limits.ACTOR, e::toString);
            assertTrue(!e.action().isBlank() && e.action().length() <= Limits.ACTION, e::toString);
            assertTrue(e.subject() == null || e.subject().length() <= Limits.SUBJECT, e::toString);
            assertTrue(e.detail() == null || e.detail().length() <= Limits.DETAIL, e::toString);
        }
    }

    @Test
    void theyVaryInEveryFieldTheConsoleFiltersAndShows() {
        Set<String> actors = values(NewEntry::actor);
        assertTrue(actors.containsAll(DemoEntries.PEOPLE) && actors.containsAll(DemoEntries.SERVICES), actors::toString);
        assertTrue(values(NewEntry::action).size() >= 15, () -> values(NewEntry::action).toString());
        assertTrue(values(NewEntry::subject).size() >= 100, "subjects differ");
        Map<String, Long> actions = demo.stream().collect(Collectors.groupingBy(NewEntry::action, Collectors.counting()));
        assertTrue(actions.values().stream().allMatch(n -> n < DemoEntries.COUNT / 3), actions::toString);

        assertTrue(demo.stream().anyMatch(e -> e.detail() == null), "some without a detail");
        assertTrue(demo.stream().anyMatch(e -> e.detail() != null && e.detail().contains("\n")), "multi-line details");
        assertTrue(demo.stream().anyMatch(e -> e.detail() != null && e.detail().length() > 300), "long details");
        assertTrue(demo.stream().anyMatch(e -> !(e.actor() + e.detail()).chars().allMatch(c -> c < 128)), "non-ASCII");
    }

    @Test
    void peopleSignInBeforeTheyWork() {
        for (String person : DemoEntries.PEOPLE) {
            List<String> own = demo.stream().filter(e -> e.actor().equals(person)).map(NewEntry::action).toList();
            if (!own.isEmpty()) {
                assertTrue(own.get(0).startsWith("user.login"), person + " starts with " + own.get(0));
            }
        }
    }

    private Set<String> values(Function<NewEntry, String> field) {
        return demo.stream().map(field).filter(Objects::nonNull).collect(Collectors.toSet());
    }
}
