package dev.activitylog.web.boundary;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BasicCredentialsTest {

    @Test
    void readsTheUserAndPasswordOfABasicHeader() {
        assertEquals(Optional.of(new BasicCredentials("ops", "s3cret")), BasicCredentials.parse(basic("ops:s3cret")));
    }

    @Test
    void theSchemeIsCaseInsensitiveAndSpaceAroundTheTokenIsIgnored() {
        assertEquals(Optional.of(new BasicCredentials("ops", "pw")), BasicCredentials.parse("basic " + token("ops:pw")));
        assertEquals(Optional.of(new BasicCredentials("ops", "pw")), BasicCredentials.parse("BASIC  " + token("ops:pw") + " "));
    }

    @Test
    void thePasswordMayHoldColonsAndBeEmpty() {
        assertEquals(Optional.of(new BasicCredentials("ops", "a:b:c")), BasicCredentials.parse(basic("ops:a:b:c")));
        assertEquals(Optional.of(new BasicCredentials("ops", "")), BasicCredentials.parse(basic("ops:")));
    }

    @Test
    void namesAndPasswordsAreUtf8() {
        assertEquals(Optional.of(new BasicCredentials("jürgen", "pässwörd€")), BasicCredentials.parse(basic("jürgen:pässwörd€")));
    }

    @Test
    void unusableHeadersGiveNoCredentials() {
        assertTrue(BasicCredentials.parse(null).isEmpty(), "no header");
        assertTrue(BasicCredentials.parse("").isEmpty(), "empty header");
        assertTrue(BasicCredentials.parse("Basic").isEmpty(), "scheme without a token");
        assertTrue(BasicCredentials.parse("Bearer " + token("ops:pw")).isEmpty(), "another scheme");
        assertTrue(BasicCredentials.parse("Basic not base64!").isEmpty(), "not base64");
        assertTrue(BasicCredentials.parse(basic("ops")).isEmpty(), "no colon");
        assertTrue(BasicCredentials.parse(basic(":pw")).isEmpty(), "empty user name");
    }

    @Test
    void thePasswordNeverAppearsInItsTextForm() {
        String text = new BasicCredentials("ops", "s3cret").toString();
        assertTrue(text.contains("ops"), text);
        assertFalse(text.contains("s3cret"), text);
    }

    private static String basic(String userColonPassword) {
        return "Basic " + token(userColonPassword);
    }

    private static String token(String userColonPassword) {
        return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }
}
