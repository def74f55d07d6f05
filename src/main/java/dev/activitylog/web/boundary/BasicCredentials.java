package dev.activitylog.web.boundary;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The user name and password an API client sends in an {@code Authorization: Basic} header (RFC 7617, UTF-8). */
record BasicCredentials(String user, String password) {
    private static final String SCHEME = "Basic ";

    /**
     * The credentials of an {@code Authorization} header; empty when there is none or it is not usable: another scheme,
     * not base64, no colon, or an empty user name. The scheme's case does not matter; the password may hold colons.
     */
    static Optional<BasicCredentials> parse(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).strip()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 1 ? Optional.empty()
                : Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** Never the password: a record's own toString would put it into any log line that prints the credentials. */
    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]";
    }
}
