package dev.activitylog.web.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins per client and user name. After {@value #MAX_FAILURES} failures a client's further attempts for
 * that user are refused without asking the server's realm, until {@link #BLOCK} after its last failure, when its
 * failures are forgotten. So one client cannot add up the failures that make the realm lock the account (WildFly:
 * 10, remembered for 30 minutes), and a locked-out client does not lock the user out for everyone else.
 * Thread-safe; holds at most {@value #MAX_CLIENTS} clients (the least recently seen are dropped).
 */
public final class LoginThrottle {
    public static final int MAX_FAILURES = 5;
    /** Longer than WildFly's default failure memory (30 minutes): the realm has forgotten a burst before the next. */
    public static final Duration BLOCK = Duration.ofMinutes(40);
    static final int MAX_CLIENTS = 10_000;

    private final Clock clock;
    private final Map<Key, Failures> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Failures> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    private record Key(String client, String user) {
    }

    private record Failures(int count, Instant last) {
    }

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long this client must wait before it may try this user again; zero when it may now. */
    public synchronized Duration retryAfter(String client, String user) {
        Failures f = current(new Key(client, user));
        if (f == null || f.count() < MAX_FAILURES) {
            return Duration.ZERO;
        }
        return Duration.between(clock.instant(), f.last().plus(BLOCK));
    }

    public synchronized void failed(String client, String user) {
        Key key = new Key(client, user);
        Failures f = current(key);
        failures.put(key, new Failures(f == null ? 1 : f.count() + 1, clock.instant()));
    }

    public synchronized void succeeded(String client, String user) {
        failures.remove(new Key(client, user));
    }

    /** The client's failures for the user, null when there are none or they are forgotten. */
    private Failures current(Key key) {
        Failures f = failures.get(key);
        if (f != null && !clock.instant().isBefore(f.last().plus(BLOCK))) {
            failures.remove(key);
            return null;
        }
        return f;
    }
}
