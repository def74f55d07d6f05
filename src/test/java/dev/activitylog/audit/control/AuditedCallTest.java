package dev.activitylog.audit.control;

import dev.activitylog.audit.boundary.AuditSubject;
import dev.activitylog.audit.entity.AuditFailedException;
import dev.activitylog.log.control.LogConfig;
import dev.activitylog.log.control.LogEngine;
import dev.activitylog.log.entity.Entry;
import dev.activitylog.log.entity.EntryQuery;
import dev.activitylog.log.entity.Health;
import dev.activitylog.log.entity.NewEntry;
import dev.activitylog.testing.TestIndex;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interceptor's rules over a real engine: what is recorded, and what a failing log does to the call. */
class AuditedCallTest {
    private static final AuditedCall.Context CONTEXT =
            new AuditedCall.Context("alice", "203.0.113.7 node-1", "4bf92f3577b34da6a3ce929d0e0e4736");

    @SuppressWarnings("unused")
    static class Orders {
        void cancel(@AuditSubject String orderId) {
        }
    }

    @TempDir
    Path dir;
    private JdbcConnectionPool pool;
    private LogEngine engine;
    private final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void open() {
        pool = TestIndex.pool(dir);
        engine = TestIndex.start(LogConfig.defaults(dir), pool);
    }

    @AfterEach
    void close() {
        engine.close();
        pool.dispose();
    }

    private AuditedCall.Sink sink() {
        return new AuditedCall.Sink() {
            @Override
            public void append(NewEntry entry) {
                engine.append(entry);
            }

            @Override
            public Health health() {
                return engine.health();
            }
        };
    }

    private static AuditSpec spec(String action, boolean required) throws NoSuchMethodException {
        return AuditSpec.of(Orders.class.getDeclaredMethod("cancel", String.class), action, "", required,
                AuditSubject.class);
    }

    private Object call(AuditSpec spec, java.util.concurrent.Callable<Object> business) throws Exception {
        return AuditedCall.run(spec, new Object[]{"order/7"}, CONTEXT, sink(), () -> {
            runs.incrementAndGet();
            return business.call();
        });
    }

    private List<Entry> stored() {
        return engine.query(EntryQuery.newest(10)).entries();
    }

    @Test
    void aCallThatReturnsIsRecordedAsASuccessWithItsDuration() throws Exception {
        assertEquals("done", call(spec("", false), () -> "done"));
        Entry e = stored().get(0);
        assertEquals(List.of("alice", "Orders.cancel", "order/7", "", "SUCCESS", "203.0.113.7 node-1",
                        "4bf92f3577b34da6a3ce929d0e0e4736"),
                List.of(e.actor(), e.action(), e.subject(), e.detail(), e.outcome(), e.origin(), e.correlation()));
        assertTrue(e.attributes().get(AuditedCall.DURATION).matches("\\d+\\.\\d{3}"), e.attributes()::toString);
    }

    @Test
    void aCallThatThrowsIsRecordedAsAFailureOfItsTypeAndThrowsTheSameException() {
        IllegalStateException thrown = new IllegalStateException("no stock for order 7");
        assertSame(thrown, assertThrows(IllegalStateException.class,
                () -> call(spec("order.cancel", false), () -> {
                    throw thrown;
                })));
        Entry e = stored().get(0);
        assertEquals("FAILURE:java.lang.IllegalStateException", e.outcome());
        assertEquals("no stock for order 7", e.detail());
        assertEquals("order.cancel", e.action());
    }

    @Test
    void notRequiredAFailingLogDoesNotChangeTheCall() throws Exception {
        engine.close();  // appends now fail: the log is closed
        assertEquals("done", call(spec("", false), () -> "done"));
        assertEquals(1, runs.get());
        IllegalStateException thrown = new IllegalStateException("business failure");
        assertSame(thrown, assertThrows(IllegalStateException.class, () -> call(spec("", false), () -> {
            throw thrown;
        })));
        assertEquals(1, thrown.getSuppressed().length, "the log's failure travels with the business failure");
        open();
        assertEquals(List.of(), stored());
    }

    @Test
    void requiredACallTheLogCannotTakeDoesNotRun() {
        engine.close();
        AuditFailedException e = assertThrows(AuditFailedException.class, () -> call(spec("order.cancel", true),
                () -> "done"));
        assertEquals(0, runs.get(), "the operation never ran");
        assertTrue(e.getMessage().contains("order.cancel was not run") && e.getMessage().contains("CLOSED"),
                e.getMessage());
        open();
        assertEquals(List.of(), stored());
    }

    @Test
    void requiredACallWhoseEntryIsRefusedFailsAndNothingIsRecorded() throws Exception {
        AuditFailedException e = assertThrows(AuditFailedException.class,
                () -> call(spec("a".repeat(101), true), () -> "done"));
        assertEquals(1, runs.get(), "it ran, and now fails so its transaction rolls back");
        assertTrue(e.getMessage().contains("did not record it") && e.getMessage().contains("action"), e.getMessage());
        assertEquals(List.of(), stored());
        // The same refusal without `required`: the call's result stands.
        assertEquals("done", call(spec("a".repeat(101), false), () -> "done"));
        assertEquals(List.of(), stored());
    }

    @Test
    void requiredAFailedCallStaysItsOwnFailureWhenTheLogFailsToo() {
        IllegalStateException thrown = new IllegalStateException("business failure");
        IllegalStateException seen = assertThrows(IllegalStateException.class,
                () -> call(spec("a".repeat(101), true), () -> {
                    throw thrown;
                }));
        assertSame(thrown, seen);
        assertEquals(1, seen.getSuppressed().length);
        assertEquals(List.of(), stored(), "nothing half-done is recorded as a success");
    }
}
