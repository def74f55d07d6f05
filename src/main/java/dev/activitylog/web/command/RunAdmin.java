package dev.activitylog.web.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The user the run commands sign in with (README, "Run the app"), in the role {@code activity-log-admin}: created
 * with a random password shown once, or with the password of {@code -Dactivitylog.admin.password}; an existing user
 * is left as it is. There is no default password.
 * <ul>
 * <li>{@code wildfly CONFIG_DIR USER}: in WildFly's ApplicationRealm, what {@code add-user.sh -a} writes
 * ({@code application-users.properties}: {@code USER=hex(MD5(USER:ApplicationRealm:password))}, never the
 * password; {@code application-roles.properties}: the group), so the password appears on no command line.</li>
 * <li>{@code payara-micro PASSWORD_FILE USER}: Micro's file realm lives in a temporary directory and is created anew
 * at every start, by {@code create-file-user} from this asadmin password file; so the file keeps the password, readable
 * by its owner only.</li>
 * </ul>
 * Run by the build (profile {@code run}) before the server starts, so the password is printed just before its log.
 */
public final class RunAdmin {
    static final String PASSWORD_PROPERTY = "activitylog.admin.password";
    static final String GROUP = "activity-log-admin";
    static final String WILDFLY_REALM = "ApplicationRealm";
    /** No look-alikes (0/O, 1/l/I): the password is read off a terminal. 20 of 55 symbols: over 115 bits. */
    private static final String SYMBOLS = "23456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final int LENGTH = 20;
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private RunAdmin() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !List.of("wildfly", "payara-micro").contains(args[0])) {
            throw new IllegalArgumentException("usage: RunAdmin wildfly CONFIG_DIR USER | payara-micro PASSWORD_FILE USER"
                    + " (password: -D" + PASSWORD_PROPERTY + ", else a random one for a new user)");
        }
        String given = System.getProperty(PASSWORD_PROPERTY);
        String password = given == null || given.isEmpty() ? null : given;
        Path store = Path.of(args[1]);
        if ("wildfly".equals(args[0])) {
            wildFly(store, args[2], password, System.out);
        } else {
            payaraMicro(store, args[2], password, System.out);
        }
    }

    static void wildFly(Path configDir, String user, String password, PrintStream out) throws IOException {
        checkUser(user);
        Path users = configDir.resolve("application-users.properties");
        boolean exists = Files.readAllLines(users).stream().anyMatch(l -> l.startsWith(user + "="));
        if (exists && password == null) {
            out.println(existing(user, users + " (a hash: the password cannot be read back)"));
            return;
        }
        String pw = password == null ? randomPassword() : password;
        setLine(users, user, md5Hex(user + ":" + WILDFLY_REALM + ":" + pw));
        setLine(configDir.resolve("application-roles.properties"), user, GROUP);
        out.println(banner(user, password == null ? pw : null, "WildFly keeps a hash of it in " + users));
    }

    static void payaraMicro(Path passwordFile, String user, String password, PrintStream out) throws IOException {
        checkUser(user);
        if (Files.exists(passwordFile) && password == null) {
            out.println(existing(user, passwordFile + ", which Payara Micro reads at every start"));
            return;
        }
        if (password != null && password.chars().anyMatch(Character::isWhitespace)) {
            // Micro's create-file-user refuses it at boot ("Invalid surrounding whitespace in password"), and nobody
            // could sign in.
            throw new IllegalArgumentException("-D" + PASSWORD_PROPERTY + ": Payara Micro does not take a password"
                    + " with spaces or other whitespace; choose one without");
        }
        String pw = password == null ? randomPassword() : password;
        Path dir = passwordFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(dir, "admin", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, "admin", ".tmp");
        // asadmin's password file is a properties file: a backslash must be doubled.
        Files.writeString(tmp, "AS_ADMIN_USERPASSWORD=" + pw.replace("\\", "\\\\") + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, passwordFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println(banner(user, password == null ? pw : null, "Payara Micro creates the user from "
                + passwordFile + " at every start (readable by you only)"));
    }

    static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(SYMBOLS.charAt(random.nextInt(SYMBOLS.length())));
        }
        return b.toString();
    }

    private static void checkUser(String user) {
        if (!USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user name '" + user + "': use 1 to 64 of A-Z a-z 0-9 . _ @ -");
        }
    }

    /** Replaces the line {@code key=...} of a properties file, or adds it; other lines stay as they are. */
    private static void setLine(Path file, String key, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.removeIf(l -> l.startsWith(key + "="));
        lines.add(key + "=" + value);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        Files.write(tmp, lines);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has MD5", e);
        }
    }

    private static String banner(String user, String generated, String where) {
        String line = "*".repeat(78);
        String how = generated == null
                ? "activity-log: user '" + user + "' signs in with the password of -D" + PASSWORD_PROPERTY + "."
                : "activity-log: sign in as '" + user + "' with this password (shown only now):\n\n    " + generated
                + "\n";
        return "\n" + line + "\n" + how + "\n" + where + ".\nAnother password: run again with -D" + PASSWORD_PROPERTY
                + "=...\n" + line + "\n";
    }

    private static String existing(String user, String where) {
        return "activity-log: user '" + user + "' exists, with the password shown when it was created; it is in "
                + where + ". Another password: run again with -D" + PASSWORD_PROPERTY + "=...";
    }
}
