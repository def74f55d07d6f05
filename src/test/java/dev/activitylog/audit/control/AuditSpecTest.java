package dev.activitylog.audit.control;

import dev.activitylog.audit.boundary.AuditSubject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditSpecTest {
    @SuppressWarnings("unused")
    static class Orders {
        void cancel(String reason, @AuditSubject long orderId) {
        }

        void ship(String orderId, String carrier) {
        }
    }

    private static Method method(String name) {
        for (Method m : Orders.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return m;
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void theDefaultActionIsClassDotMethodAndTheMarkedParameterIsTheSubject() {
        AuditSpec spec = AuditSpec.of(method("cancel"), "", "", false, AuditSubject.class);
        assertEquals("Orders.cancel", spec.action());
        assertEquals("42", spec.subject(new Object[]{"asked by phone", 42L}));
        assertEquals("", spec.subject(new Object[]{"asked by phone", null}));
    }

    @Test
    void theAnnotationNamesTheActionAndTheSubjectsParameter() {
        AuditSpec spec = AuditSpec.of(method("ship"), "order.ship", "orderId", true, AuditSubject.class);
        assertEquals("order.ship", spec.action());
        assertTrue(spec.required());
        assertEquals("order/7", spec.subject(new Object[]{"order/7", "DHL"}));
    }

    @Test
    void noSubjectWhenNoneIsMarkedOrNamed() {
        assertEquals("", AuditSpec.of(method("ship"), "", "", false, AuditSubject.class).subject(new Object[]{"a", "b"}));
    }

    @Test
    void aNameThatIsNoParameterIsAMistakeReportedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AuditSpec.of(method("ship"), "", "order", false, AuditSubject.class));
        assertTrue(e.getMessage().contains("subject = \"order\"") && e.getMessage().contains("Orders.ship"),
                e.getMessage());
    }

    @Test
    void aSubjectLongerThanTheLimitIsCutNotRefused() {
        String subject = AuditSpec.of(method("ship"), "", "orderId", false, AuditSubject.class)
                .subject(new Object[]{"😀".repeat(600), ""});
        assertEquals(999, subject.length(), "1,000 UTF-16 chars at most, and the 999th would split a pair");
        assertTrue(subject.endsWith("…"), subject);
        assertTrue(Character.isLowSurrogate(subject.charAt(997)), "the last emoji before the ellipsis is whole");
    }
}
