package dev.activitylog.audit.control;

import org.junit.jupiter.api.Test;

import java.security.Principal;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void theNodeIsNamedByTheSettingThenByTheServer() {
        Map<String, String> wildfly = Map.of("jboss.node.name", "wf-1");
        assertEquals("wf-1", NodeName.resolve(wildfly::get, k -> null));
        assertEquals("env-node", NodeName.resolve(wildfly::get, Map.of("ACTIVITYLOG_NODE", "env-node")::get));
        assertEquals("set", NodeName.resolve(Map.of("activitylog.node", "set", "jboss.node.name", "wf-1")::get,
                Map.of("ACTIVITYLOG_NODE", "env-node")::get));
        assertEquals("payara-1", NodeName.resolve(Map.of("com.sun.aas.instanceName", "payara-1")::get, k -> null));
    }

    @Test
    void theOriginIsTheClientThenTheNode() {
        assertEquals("203.0.113.7 node-1", AuditedCall.origin("203.0.113.7", "node-1"));
        assertEquals("node-1", AuditedCall.origin(null, "node-1"));
    }
}
