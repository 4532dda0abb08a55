package org.smartfhir.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.directory.BasicAttribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.ModificationItem;

import org.smartfhir.keycloak.harness.junit.RequiredPeers;
import org.smartfhir.keycloak.harness.poll.Poll;
import org.smartfhir.keycloak.harness.runtime.FreePort;

/**
 * A real OpenLDAP directory for the federation suites: Debian's {@code slapd}, started as the test user on a free
 * loopback port with a {@code slapd.conf} written into a fresh folder under {@code target/}, the core, cosine,
 * inetOrgPerson and NIS schemas, one MDB database for {@code baseDn} and the {@code ppolicy} overlay (so that an
 * account can be locked the way OpenLDAP admins lock one, with {@code pwdAccountLockedTime}). The LDIF is loaded with
 * {@code slapadd} before the server starts, as a directory admin seeds a directory. Changes during a test (locking or
 * deleting an account) go over LDAP as the directory's root user.
 *
 * <p>Without {@code slapd} the suite is skipped, or fails when the run requires the peer {@code ldap}.
 */
public final class OpenLdapServer implements AutoCloseable {

    /** The peer name for {@code -Dsmart.it.require}. */
    public static final String PEER = "ldap";

    private static final String SLAPD = System.getProperty("smart.ldap.slapd", "/usr/sbin/slapd");
    private static final String SLAPADD = System.getProperty("smart.ldap.slapadd", "/usr/sbin/slapadd");
    private static final Path SCHEMA_DIR = Path.of(System.getProperty("smart.ldap.schema.dir", "/etc/ldap/schema"));
    /** Where distributions keep slapd's dynamic modules; Debian's is first. A statically built slapd needs none. */
    private static final List<Path> MODULE_DIRS = List.of(Path.of("/usr/lib/ldap"), Path.of("/usr/lib64/openldap"),
            Path.of("/usr/lib/openldap"), Path.of("/usr/libexec/openldap"));

    private final String baseDn;
    private final String rootDn;
    private final String rootPassword;
    private final int port;
    private final Path dir;
    private Process process;

    private OpenLdapServer(String baseDn, String rootPassword, String ldif) {
        this.baseDn = baseDn;
        this.rootDn = "cn=admin," + baseDn;
        this.rootPassword = rootPassword;
        this.port = FreePort.pick();
        try {
            Path keycloakWork = Path.of(System.getProperty("keycloak.work.dir", "target/keycloak")).toAbsolutePath();
            this.dir = Files.createTempDirectory(Files.createDirectories(keycloakWork.getParent()), "openldap-");
            Files.createDirectories(dir.resolve("db"));
            Path conf = dir.resolve("slapd.conf");
            Files.writeString(conf, config(), StandardCharsets.UTF_8);
            Path data = dir.resolve("data.ldif");
            Files.writeString(data, ldif, StandardCharsets.UTF_8);
            run(List.of(SLAPADD, "-f", conf.toString(), "-l", data.toString()), "slapadd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch();
    }

    /** Starts slapd on this directory's port and data and waits until it answers a bind. */
    private void launch() {
        try {
            process = new ProcessBuilder(SLAPD, "-f", dir.resolve("slapd.conf").toString(), "-h", url() + "/", "-d", "0")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("slapd.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Poll.until("slapd answers on " + url(), Duration.ofSeconds(30), () -> {
            if (!process.isAlive()) {
                throw new AssertionError("slapd exited with " + process.exitValue() + ": " + log());
            }
            return answers();
        });
    }

    /**
     * Starts a directory for {@code baseDn} holding {@code ldif} (which must create the base entry), or ends the test
     * through {@link RequiredPeers} when slapd is not installed.
     */
    public static OpenLdapServer start(String baseDn, String rootPassword, String ldif) {
        if (!Files.isExecutable(Path.of(SLAPD)) || !Files.isExecutable(Path.of(SLAPADD))) {
            RequiredPeers.unavailable(PEER, "the LDAP federation test needs OpenLDAP's slapd and slapadd (Debian package"
                    + " slapd) at " + SLAPD + " and " + SLAPADD);
        }
        return new OpenLdapServer(baseDn, rootPassword, ldif);
    }

    private String config() {
        StringBuilder conf = new StringBuilder();
        for (String schema : List.of("core", "cosine", "inetorgperson", "nis")) {
            conf.append("include ").append(SCHEMA_DIR.resolve(schema + ".schema")).append('\n');
        }
        conf.append("pidfile ").append(dir.resolve("slapd.pid")).append('\n');
        conf.append("argsfile ").append(dir.resolve("slapd.args")).append('\n');
        MODULE_DIRS.stream().filter(Files::isDirectory).findFirst().ifPresent(modules -> {
            conf.append("modulepath ").append(modules).append('\n');
            for (String module : List.of("back_mdb", "ppolicy")) {
                if (Files.exists(modules.resolve(module + ".la")) || Files.exists(modules.resolve(module + ".so"))) {
                    conf.append("moduleload ").append(module).append('\n');
                }
            }
        });
        conf.append("database mdb\n");
        conf.append("maxsize 67108864\n");
        conf.append("suffix \"").append(baseDn).append("\"\n");
        conf.append("rootdn \"").append(rootDn).append("\"\n");
        conf.append("rootpw ").append(rootPassword).append('\n');
        conf.append("directory ").append(dir.resolve("db")).append('\n');
        conf.append("index objectClass,entryUUID eq\n");
        conf.append("overlay ppolicy\n");
        return conf.toString();
    }

    private void run(List<String> command, String what) throws IOException {
        Process tool = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(what + ".log").toFile()).start();
        try {
            if (!tool.waitFor(60, TimeUnit.SECONDS) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IllegalStateException(what + " failed: " + Files.readString(dir.resolve(what + ".log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + what, e);
        }
    }

    private boolean answers() {
        try {
            context().close();
            return true;
        } catch (NamingException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("slapd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A connection bound as the directory's root user. */
    private DirContext context() throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url());
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, rootDn);
        env.put(Context.SECURITY_CREDENTIALS, rootPassword);
        env.put("com.sun.jndi.ldap.connect.timeout", "2000");
        env.put("com.sun.jndi.ldap.read.timeout", "5000");
        return new InitialDirContext(env);
    }

    /** {@code ldap://127.0.0.1:<port>}, what Keycloak's connection URL is set to. */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public String rootDn() {
        return rootDn;
    }

    public String rootPassword() {
        return rootPassword;
    }

    /** Locks an account as OpenLDAP's password policy does for good ({@code pwdAccountLockedTime: 000001010000Z}). */
    public void lock(String dn) {
        modify(dn, new ModificationItem(DirContext.ADD_ATTRIBUTE, new BasicAttribute("pwdAccountLockedTime", "000001010000Z")));
    }

    /** Replaces the values of one attribute of an entry. */
    public void replace(String dn, String attribute, String... values) {
        BasicAttribute replaced = new BasicAttribute(attribute);
        for (String value : values) {
            replaced.add(value);
        }
        modify(dn, new ModificationItem(DirContext.REPLACE_ATTRIBUTE, replaced));
    }

    /** Deletes an entry, e.g. a user who left; removes it from the given groups' {@code member} first, as admins do. */
    public void delete(String dn, String... groupDns) {
        for (String group : groupDns) {
            modify(group, new ModificationItem(DirContext.REMOVE_ATTRIBUTE, new BasicAttribute("member", dn)));
        }
        try {
            DirContext context = context();
            try {
                context.destroySubcontext(dn);
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            throw new IllegalStateException("deleting " + dn + ": " + e.getMessage(), e);
        }
    }

    private void modify(String dn, ModificationItem... items) {
        try {
            DirContext context = context();
            try {
                context.modifyAttributes(dn, items);
            } finally {
                context.close();
            }
        } catch (NamingException e) {
            throw new IllegalStateException("modifying " + dn + ": " + e.getMessage(), e);
        }
    }

    /** Starts the stopped directory again, same port, same content: the directory is back after an outage. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("slapd is running");
        }
        launch();
    }

    /** Stops slapd (SIGTERM, then SIGKILL if it does not exit within 10 s): a directory outage, or the end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
