package dev.activitylog.audit.control;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TraceParentTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void theTraceIdOfAValidHeader() {
        assertEquals(Optional.of(TRACE), TraceParent.traceId("00-" + TRACE + "-00f067aa0ba902b7-01"));
        assertEquals(Optional.of(TRACE), TraceParent.traceId(" 00-" + TRACE + "-00f067aa0ba902b7-00 "));
        // A later version may add fields after the flags; a receiver takes the ones it knows.
        assertEquals(Optional.of(TRACE), TraceParent.traceId("01-" + TRACE + "-00f067aa0ba902b7-01-what-next"));
    }

    @Test
    void headersTheSpecificationTellsUsToIgnore() {
        for (String bad : new String[]{null, "", "garbage", "00-" + TRACE.toUpperCase() + "-00f067aa0ba902b7-01",
                "ff-" + TRACE + "-00f067aa0ba902b7-01", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01",
                "00-" + TRACE + "-0000000000000000-01", "00-" + TRACE + "-00f067aa0ba902b7-01-extra",
                "00-" + TRACE.substring(1) + "-00f067aa0ba902b7-01", "00-" + TRACE + "-00f067aa0ba902b7"}) {
            assertEquals(Optional.empty(), TraceParent.traceId(bad), bad);
        }
    }
}
