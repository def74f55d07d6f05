package dev.activitylog.web.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossOriginTest {
    private static final String HOST = "127.0.0.1:8180";

    @Test
    void aBrowserSaysWhereARequestComesFrom() {
        assertFalse(CrossOrigin.isCrossOrigin("same-origin", "http://127.0.0.1:8180", HOST));
        assertFalse(CrossOrigin.isCrossOrigin("none", null, HOST), "typed in or a bookmark");
        assertTrue(CrossOrigin.isCrossOrigin("same-site", "http://127.0.0.1:9999", HOST), "another port of this host");
        assertTrue(CrossOrigin.isCrossOrigin("cross-site", "https://evil.example", HOST));
        assertTrue(CrossOrigin.isCrossOrigin("Same-Site", null, HOST));
    }

    @Test
    void withoutSecFetchSiteTheOriginMustBeTheHostAddressed() {
        assertFalse(CrossOrigin.isCrossOrigin(null, "http://127.0.0.1:8180", HOST));
        assertFalse(CrossOrigin.isCrossOrigin(null, "http://LOCALHOST:8180", "localhost:8180"));
        assertTrue(CrossOrigin.isCrossOrigin(null, "http://127.0.0.1:9999", HOST));
        assertTrue(CrossOrigin.isCrossOrigin(null, "http://127.0.0.1", HOST));
        assertTrue(CrossOrigin.isCrossOrigin(null, "null", HOST), "a sandboxed page or a file");
        assertTrue(CrossOrigin.isCrossOrigin(null, "http://127.0.0.1:8180", null));
        assertTrue(CrossOrigin.isCrossOrigin(null, "not a url ::", HOST));
    }

    @Test
    void aClientThatIsNoBrowserPageSendsNeither() {
        assertFalse(CrossOrigin.isCrossOrigin(null, null, HOST), "curl, an HTTP library, a monitor");
    }
}
