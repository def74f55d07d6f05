package dev.activitylog.web.control;

import dev.activitylog.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoginThrottleTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void aClientMayFailFiveTimesThenWaitsUntilLongAfterItsLastFailure() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "ops"), "attempt " + (i + 1));
            throttle.failed("10.0.0.1", "ops");
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(LoginThrottle.BLOCK.minusSeconds(1), throttle.retryAfter("10.0.0.1", "ops"));
        clock.advance(LoginThrottle.BLOCK.minusSeconds(2));
        assertEquals(Duration.ofSeconds(1), throttle.retryAfter("10.0.0.1", "ops"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "ops"), "its failures are forgotten");
        throttle.failed("10.0.0.1", "ops");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "ops"), "counting starts again at one");
    }

    @Test
    void otherClientsAndOtherUsersAreNotHeldUp() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            throttle.failed("10.0.0.1", "ops");
        }
        assertEquals(LoginThrottle.BLOCK, throttle.retryAfter("10.0.0.1", "ops"));
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.2", "ops"), "the user from another client");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "alice"), "another user from this client");
    }

    @Test
    void aSuccessForgetsTheFailures() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("10.0.0.1", "ops");
        }
        throttle.succeeded("10.0.0.1", "ops");
        throttle.failed("10.0.0.1", "ops");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "ops"));
    }

    @Test
    void failuresFarApartAreNotAddedUp() {
        for (int i = 0; i < 3 * LoginThrottle.MAX_FAILURES; i++) {
            throttle.failed("10.0.0.1", "ops");
            clock.advance(LoginThrottle.BLOCK);
        }
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "ops"));
    }

    @Test
    void itHoldsABoundedNumberOfClients() {
        for (int i = 0; i <= LoginThrottle.MAX_CLIENTS; i++) {
            for (int k = 0; k < LoginThrottle.MAX_FAILURES; k++) {
                throttle.failed("client-" + i, "ops");
            }
        }
        assertEquals(Duration.ZERO, throttle.retryAfter("client-0", "ops"), "the least recently seen was dropped");
        assertEquals(LoginThrottle.BLOCK, throttle.retryAfter("client-" + LoginThrottle.MAX_CLIENTS, "ops"));
    }
}
