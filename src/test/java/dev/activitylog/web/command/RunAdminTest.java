package dev.activitylog.web.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunAdminTest {
    private static final Pattern SHOWN = Pattern.compile("\n\n {4}(\\S+)\n");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void wildFlyGetsANewUserWithARandomPasswordItStoresOnlyAsAddUserDoes() throws Exception {
        Path users = dir.resolve("application-users.properties");
        Path roles = dir.resolve("application-roles.properties");
        Files.write(users, List.of("#$REALM_NAME=ApplicationRealm$", "ops=0123"));
        Files.write(roles, List.of("ops=activity-log-admin"));

        RunAdmin.wildFly(dir, "admin", null, out);
        String password = shownPassword();
        assertTrue(password.length() >= 20, password);
        // What add-user.sh -a writes for the realm (its file header names it): the digest, never the password.
        assertEquals(List.of("#$REALM_NAME=ApplicationRealm$", "ops=0123",
                "admin=" + RunAdmin.md5Hex("admin:ApplicationRealm:" + password)), Files.readAllLines(users));
        assertEquals(List.of("ops=activity-log-admin", "admin=activity-log-admin"), Files.readAllLines(roles));

        // Run again: the user stays as it is and no password is shown.
        printed.reset();
        RunAdmin.wildFly(dir, "admin", null, out);
        assertFalse(SHOWN.matcher(printed.toString(StandardCharsets.UTF_8)).find(), printed::toString);
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("exists"), printed::toString);
        assertEquals("admin=" + RunAdmin.md5Hex("admin:ApplicationRealm:" + password), Files.readAllLines(users).get(2));

        // A password given: it replaces the old one (one line per user), and is not echoed.
        printed.reset();
        RunAdmin.wildFly(dir, "admin", "my own pw", out);
        assertEquals(List.of("#$REALM_NAME=ApplicationRealm$", "ops=0123",
                "admin=" + RunAdmin.md5Hex("admin:ApplicationRealm:my own pw")), Files.readAllLines(users));
        assertEquals(List.of("ops=activity-log-admin", "admin=activity-log-admin"), Files.readAllLines(roles));
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains("my own pw"), printed::toString);
    }

    @Test
    void payaraMicroGetsAPasswordFileOnlyItsOwnerCanRead() throws Exception {
        Path file = dir.resolve("target/micro-admin.pw");
        RunAdmin.payaraMicro(file, "admin", null, out);
        String password = shownPassword();
        assertEquals("AS_ADMIN_USERPASSWORD=" + password + "\n", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        printed.reset();
        RunAdmin.payaraMicro(file, "admin", null, out);
        assertEquals("AS_ADMIN_USERPASSWORD=" + password + "\n", Files.readString(file), "left as it was");
        assertFalse(SHOWN.matcher(printed.toString(StandardCharsets.UTF_8)).find(), printed::toString);

        RunAdmin.payaraMicro(file, "admin", "back\\slash", out);
        assertEquals("AS_ADMIN_USERPASSWORD=back\\\\slash\n", Files.readString(file), "asadmin's escaping");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        // Micro would refuse it at boot and nobody could sign in: refused here, the file kept.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunAdmin.payaraMicro(file, "admin", "two words", out));
        assertTrue(e.getMessage().contains("whitespace") && !e.getMessage().contains("two words"), e::getMessage);
        assertEquals("AS_ADMIN_USERPASSWORD=back\\\\slash\n", Files.readString(file));
    }

    @Test
    void everyNewPasswordIsAnother() {
        assertNotEquals(RunAdmin.randomPassword(), RunAdmin.randomPassword());
    }

    @Test
    void aUserNameThatWouldBreakThePropertiesFileIsRefused() throws Exception {
        Files.write(dir.resolve("application-users.properties"), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunAdmin.wildFly(dir, "ad=min", null, out));
        assertTrue(e.getMessage().contains("ad=min"), e::getMessage);
        assertEquals(List.of(), Files.readAllLines(dir.resolve("application-users.properties")), "nothing written");
    }

    private String shownPassword() {
        Matcher m = SHOWN.matcher(printed.toString(StandardCharsets.UTF_8));
        assertTrue(m.find(), printed::toString);
        return m.group(1);
    }
}
