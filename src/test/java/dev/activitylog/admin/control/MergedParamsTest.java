package dev.activitylog.admin.control;

import dev.activitylog.log.entity.ClusterCursor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MergedParamsTest {

    @Test
    void noParametersIsTheNewestPageOfEveryNode() {
        MergedParams p = MergedParams.parse(name -> null);
        assertEquals(ListParams.DEFAULT_LIMIT, p.limit());
        assertNull(p.node());
        assertNull(p.before());
        assertEquals(List.of(), p.errors());
        assertEquals(Map.of(), p.kept());
        assertFalse(p.narrowed());
    }

    @Test
    void readsTheNodeTheCursorAndThePageSize() {
        MergedParams p = parse(Map.of("node", " node-a ", "before", "1767225600000000:node-b:42", "limit", "10",
                "actor", "alice"));
        assertEquals("node-a", p.node());
        assertEquals(new ClusterCursor(1767225600000000L, "node-b", 42), p.before());
        assertEquals(10, p.limit());
        assertEquals(List.of(), p.errors());
        assertTrue(p.narrowed());
    }

    @Test
    void linksCarryTheFilterThenTheNodeThenThePageSizeButNoCursor() {
        MergedParams p = parse(Map.of("limit", "2", "actor", "alice", "node", "node-a", "before", "5:node-a:3"));
        assertEquals(List.of("actor", "node", "limit"), List.copyOf(p.kept().keySet()));
        assertEquals(List.of("actor", "node"), List.copyOf(p.selection().keySet()), "an export has no page size");
        assertEquals(Map.of("limit", "200"), parse(Map.of("limit", "5000")).kept(), "capped as the list's");
    }

    @Test
    void aBadNodeOrCursorIsIgnoredAndExplainedInTheOrderOfTheParameters() {
        MergedParams p = parse(Map.of("node", "a b", "before", "42", "limit", "x", "from", "yesterday"));
        assertNull(p.node());
        assertNull(p.before());
        assertEquals(ListParams.DEFAULT_LIMIT, p.limit());
        assertEquals(4, p.errors().size(), p.errors()::toString);
        assertTrue(p.errors().get(0).startsWith("from: 'yesterday'"), p.errors()::toString);
        assertEquals("limit must be a whole number, was 'x': ignored", p.errors().get(1));
        assertTrue(p.errors().get(2).startsWith("node: 'a b' is not a node id") && p.errors().get(2).endsWith(": ignored"),
                p.errors()::toString);
        assertEquals("before: not a position in the merged view ('42'); pass a page's nextBefore as it is: ignored",
                p.errors().get(3));
        assertFalse(p.narrowed(), "nothing usable narrows the view");
    }

    @Test
    void aNodeIdIsLettersDigitsDotsUnderscoresAndHyphensStartingWithALetterOrDigit() {
        List<String> errors = new ArrayList<>();
        assertEquals("node-a.1_x", MergedParams.node("node-a.1_x", errors));
        assertNull(MergedParams.node("", errors));
        assertNull(MergedParams.node(null, errors));
        assertEquals(List.of(), errors);
        assertNull(MergedParams.node("-a", errors));
        assertNull(MergedParams.node("a:1", errors));
        assertNull(MergedParams.node("x".repeat(65), errors));
        assertEquals(3, errors.size(), errors::toString);
    }

    @Test
    void anUnreadableEntryIsNamedByNodeAndNumber() {
        assertEquals(new NodeSeq("node-a", 17), NodeSeq.parse("node-a:17"));
        assertThrows(IllegalArgumentException.class, () -> NodeSeq.parse("17"));
    }

    private static MergedParams parse(Map<String, String> params) {
        return MergedParams.parse(params::get);
    }
}
