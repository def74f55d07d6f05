package dev.activitylog.audit.control;

import org.junit.jupiter.api.Test;

import java.security.Principal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CallersTest {
    private static Principal named(String name) {
        return () -> name;
    }

    @Test
    void theFirstCandidateThatNamesSomebody() {
        assertEquals("alice", Callers.actor(named("alice"), named("bob")));
        assertEquals("bob", Callers.actor(null, named("bob")));
        assertEquals("bob", Callers.actor(named(" "), named(null), named("bob")));
    }

    @Test
    void theServersStandInsForNobodyAreAnonymous() {
        assertEquals("anonymous", Callers.actor(named("anonymous"), named("ANONYMOUS"), null));
        assertEquals("carol", Callers.actor(named("ANONYMOUS"), named("carol")));
        assertEquals("anonymous", Callers.actor());
    }

    @Test
    void aNameLongerThanTheActorsLimitIsCut() {
        String actor = Callers.actor(named("x".repeat(500)));
        assertEquals(200, actor.length());
        assertEquals('…', actor.charAt(199));
    }

    @Test
    void theOriginIsTheClientThenTheNode() {
        assertEquals("203.0.113.7 node-1", AuditedCall.origin("203.0.113.7", "node-1"));
        assertEquals("node-1", AuditedCall.origin(null, "node-1"));
        assertEquals("203.0.113.7", AuditedCall.origin("203.0.113.7", null));
        assertNull(AuditedCall.origin(null, null));
    }
}
